import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createJwtVerifier, type JwtVerifier } from '../../src/index.js';
import { joseAccepts, type SharedPolicy, verifierFor } from '../support/differential.js';
import { signClaims } from '../support/forge.js';
import { outcome } from '../support/remote-fixtures.js';
import { makeTestKeys } from '../support/test-keys.js';

// Revocation checks change nothing for a token they do not concern: over generated tokens without a
// `status` claim, a verifier with status lists (when-present) and a filled in-process deny-list gives
// jose.jwtVerify's verdict, and exactly the code of a verifier without either. A denied `jti` is refused
// `revoked` exactly when the token would otherwise be valid.

const NOW_SECONDS = 1_900_000_000;
const now = new Date(NOW_SECONDS * 1000);
const keys = makeTestKeys();
const policy: SharedPolicy = {
  issuer: 'https://idp.test',
  audience: ['orders', 'payments'],
  algorithms: ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'],
  jwks: Object.values(keys).map((k) => k.publicJwk),
  acceptedTypes: ['JWT', 'at+jwt'],
  clockToleranceSeconds: 30,
  requiredClaims: [],
};
/** On the deny-list of the verifier under test; no other generated `jti` is. */
const DENIED = ['revoked-1', 'revoked-2'];

const offset = (min: number, max: number) => fc.integer({ min, max }).map((d) => NOW_SECONDS + d);
/** Mostly `usual`, sometimes one of the `odd` values: most tokens sit near a policy boundary, not far off. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...odd: T[]) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

const claimsArb = fc.record({
  // Anything but a `status` member: those tokens are the subject of verifier-status-list.
  extra: fc.dictionary(
    fc.string({ maxLength: 8 }).filter((name) => name !== 'status'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 4 },
  ),
  iss: mostly(fc.constant('https://idp.test'), 'https://other.test'),
  aud: mostly(fc.constantFrom<unknown>('orders', ['inventory', 'payments']), undefined, 'inventory', []),
  sub: mostly(fc.constant<unknown>('alice'), undefined, 7),
  jti: mostly<unknown>(fc.string({ maxLength: 6 }), undefined, 42, ...DENIED),
  exp: mostly<unknown>(offset(-40, 300), undefined, 'soon', NOW_SECONDS - 31),
  nbf: fc.option(offset(-60, 40), { nil: undefined, freq: 4 }),
  iat: mostly(offset(-130, 5), undefined, NOW_SECONDS + 31),
});
const headerArb = fc.record({
  alg: fc.constantFrom('HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'),
  kid: mostly(fc.constant<'own' | 'unknown'>('own'), 'unknown'),
  typ: mostly(fc.constant<string | undefined>('at+jwt'), undefined, 'JWT', 'JOSE', 'statuslist+jwt'),
  forged: mostly(fc.constant(false), true),
});

describe('tokens without a status claim: status lists and the deny-list change no verdict', () => {
  let checked: JwtVerifier;
  let plain: JwtVerifier;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    checked = createJwtVerifier({
      issuers: [
        {
          issuer: policy.issuer,
          audience: policy.audience,
          algorithms: policy.algorithms,
          acceptedTypes: policy.acceptedTypes,
          clockToleranceSeconds: policy.clockToleranceSeconds,
          keys: { type: 'static', keys: [{ type: 'jwks', jwks: { keys: policy.jwks } }] },
          // Never fetched: no generated token names a list.
          statusList: { mode: 'when-present', allowedUris: ['https://idp.test/lists/'] },
        },
      ],
      cacheMaxEntries: 64,
    });
    for (const jti of DENIED) checked.revoke?.(jti, NOW_SECONDS + 3600);
    plain = verifierFor(policy, { cacheMaxEntries: 0 });
  });
  afterAll(() => {
    checked.close();
    plain.close();
    vi.useRealTimers();
  });

  test('agrees with jose.jwtVerify and with a verifier without revocation checks, except that a denied jti is revoked', async () => {
    const seen = { valid: 0, refused: 0, revoked: 0 };
    let revocations = 0;
    await fc.assert(
      fc.asyncProperty(headerArb, claimsArb, fc.boolean(), async (header, claims, bump) => {
        const key = keys[header.alg as keyof typeof keys];
        const { extra, ...registered } = claims;
        const body = Object.fromEntries(
          Object.entries({ ...extra, ...registered }).filter(([, value]) => value !== undefined),
        );
        const signed = signClaims(key, body, {
          kid: header.kid === 'own' ? key.kid : 'rotated-away',
          typ: header.typ,
        });
        // A forgery: the first signature character changed (all six of its bits are signature bits).
        const cut = signed.lastIndexOf('.') + 1;
        const token = header.forged
          ? `${signed.slice(0, cut)}${signed[cut] === 'A' ? 'B' : 'A'}${signed.slice(cut + 1)}`
          : signed;
        const without = outcome(plain.verify(token));
        const ours = outcome(checked.verify(token));
        // A revocation of an unrelated jti moves the generation: the next hit is looked up again.
        if (bump) checked.revoke?.(`unrelated-${revocations++}`, NOW_SECONDS + 3600);
        const again = outcome(checked.verify(token));
        const denied = typeof body.jti === 'string' && DENIED.includes(body.jti);
        const expected = denied && without === 'valid' ? 'invalid:revoked' : without;
        expect(ours).toBe(expected);
        expect(again).toBe(expected);
        if (expected === 'invalid:revoked') {
          seen.revoked++;
          return;
        }
        seen[ours === 'valid' ? 'valid' : 'refused']++;
        // The stricter rule verifier-property names: a `sub` that is not a string is refused, jose accepts it.
        if (ours === 'invalid:invalid_claim' && typeof body.sub === 'number') return;
        expect(ours === 'valid', `ours: ${ours}`).toBe(await joseAccepts(token, policy, now));
      }),
      { numRuns: 600 },
    );
    // The generators must reach every side, or agreement would prove little.
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.refused).toBeGreaterThan(100);
    expect(seen.revoked).toBeGreaterThan(3);
  });
});
