import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { JwtVerifier } from '../../src/index.js';
import { joseAccepts, type SharedPolicy, verifierFor } from '../support/differential.js';
import { b64, signClaims } from '../support/forge.js';
import { makeTestKeys } from '../support/test-keys.js';

const NOW_SECONDS = 1_900_000_000;
const now = new Date(NOW_SECONDS * 1000);
const keys = makeTestKeys();
const policies: Record<string, SharedPolicy> = {
  plain: {
    issuer: 'https://idp.test',
    audience: ['orders', 'payments'],
    algorithms: ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'],
    jwks: Object.values(keys).map((k) => k.publicJwk),
    acceptedTypes: ['JWT', 'at+jwt'],
    clockToleranceSeconds: 30,
    requiredClaims: [],
  },
};
policies.strict = {
  ...(policies.plain as SharedPolicy),
  algorithms: ['ES256', 'EdDSA'],
  acceptedTypes: ['at+jwt'],
  clockToleranceSeconds: 0,
  maxTokenAgeSeconds: 120,
  requiredClaims: ['sub', 'jti'],
};

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
const offset = (min: number, max: number) => fc.integer({ min, max }).map((d) => NOW_SECONDS + d);
/** Mostly `usual`, sometimes one of the `odd` values: most tokens sit near a policy boundary, not far off. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...odd: T[]) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

/** Claim sets around every boundary of the policies: times near now, audiences in and out, odd types. */
const claimsArb = fc.record({
  extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  iss: mostly(fc.constant('https://idp.test'), 'https://other.test'),
  aud: mostly(
    fc.constantFrom<unknown>('orders', ['inventory', 'payments']),
    undefined,
    'inventory',
    [],
    ['x'],
  ),
  sub: mostly(fc.constant<unknown>('alice'), undefined, 7),
  jti: mostly(fc.string({ maxLength: 6 }), undefined),
  exp: mostly<unknown>(offset(-40, 300), undefined, 'soon', NOW_SECONDS - 31),
  nbf: optional(offset(-60, 40)),
  iat: mostly(offset(-130, 5), undefined, NOW_SECONDS + 31),
});

const headerArb = fc.record({
  alg: fc.constantFrom('HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'),
  kid: mostly(fc.constant<'own' | 'unknown' | 'absent'>('own'), 'unknown', 'absent'),
  typ: mostly(
    fc.constant<string | undefined>('at+jwt'),
    undefined,
    'JWT',
    'AT+JWT',
    'application/at+jwt',
    'JOSE',
  ),
});

const mutationArb = mostly(fc.constant('none'), 'flip-signature', 'flip-payload', 'drop-signature');

function mutate(token: string, mutation: string, index: number): string {
  const [h = '', p = '', s = ''] = token.split('.');
  const flip = (segment: string) => {
    const i = index % segment.length;
    const c = segment.charAt(i) === 'A' ? 'B' : 'A';
    return segment.slice(0, i) + c + segment.slice(i + 1);
  };
  if (mutation === 'flip-signature') return `${h}.${p}.${flip(s)}`;
  if (mutation === 'flip-payload') return `${h}.${flip(p)}.${s}`;
  if (mutation === 'drop-signature') return `${h}.${p}.`;
  return token;
}

describe('property-generated tokens: the verdict agrees with jose.jwtVerify', () => {
  const verifiers = new Map<string, JwtVerifier>();
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    for (const [name, policy] of Object.entries(policies)) verifiers.set(name, verifierFor(policy));
  });
  afterAll(() => {
    for (const v of verifiers.values()) v.close();
    vi.useRealTimers();
  });

  for (const name of Object.keys(policies)) {
    test(`agrees with jose on generated tokens under the ${name} policy, except by the named stricter rules (sub must be a string; canonical base64url)`, async () => {
      const policy = policies[name] as SharedPolicy;
      const verifier = verifiers.get(name) as JwtVerifier;
      const seen = { valid: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          headerArb,
          claimsArb,
          mutationArb,
          fc.nat(),
          async (header, claims, mutation, index) => {
            const key = keys[header.alg as keyof typeof keys];
            const kid =
              header.kid === 'own' ? key.kid : header.kid === 'unknown' ? 'rotated-away' : undefined;
            const { extra, ...registered } = claims;
            const original = signClaims(key, { ...extra, ...registered }, { kid, typ: header.typ });
            const token = mutate(original, mutation, index);
            const ours = verifier.verify(token);
            seen[ours.status === 'valid' ? 'valid' : 'refused']++;
            const jose = await joseAccepts(token, policy, now);
            if (ours.status !== 'valid' && ours.code === 'invalid_claim' && typeof claims.sub === 'number') {
              return;
            }
            // A flip in the unused low bits of the last signature character leaves the decoded bytes
            // as they were: jose's lenient decoder accepts that twin; canonical base64url refuses it.
            const signatureBytes = (t: string) => Buffer.from(t.slice(t.lastIndexOf('.') + 1), 'base64url');
            if (
              ours.status !== 'valid' &&
              ours.code === 'non_canonical_encoding' &&
              mutation === 'flip-signature'
            ) {
              expect(signatureBytes(token).equals(signatureBytes(original))).toBe(true);
              return;
            }
            expect(ours.status === 'valid', `ours: ${ours.status === 'valid' ? 'valid' : ours.code}`).toBe(
              jose,
            );
          },
        ),
        { numRuns: 800 },
      );
      // The generators must reach both sides of the policy, or agreement would prove little.
      expect(seen.valid).toBeGreaterThan(10);
      expect(seen.refused).toBeGreaterThan(100);
    });
  }

  const segment = (bytes: fc.Arbitrary<Uint8Array>) => bytes.map(b64);
  test.each([
    ['arbitrary strings', fc.string({ maxLength: 300 })],
    [
      'three segments of arbitrary bytes',
      fc
        .tuple(segment(fc.uint8Array()), segment(fc.uint8Array()), segment(fc.uint8Array({ maxLength: 300 })))
        .map((parts) => parts.join('.')),
    ],
    [
      'arbitrary JSON header and claims with a random signature',
      fc
        .tuple(fc.json(), fc.json(), fc.uint8Array({ maxLength: 80 }))
        .map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`),
    ],
  ])('never throws and never accepts %s', (_name, tokens) => {
    const verifier = verifiers.get('plain') as JwtVerifier;
    fc.assert(
      fc.property(tokens, (input) => {
        expect(verifier.verify(input).status).not.toBe('valid');
      }),
      { numRuns: 2000 },
    );
  });

  test('gives the same verdict from the cache as without it, for any sequence of tokens', () => {
    const cached = verifierFor(policies.plain as SharedPolicy, { cacheMaxEntries: 4 });
    const uncached = verifierFor(policies.plain as SharedPolicy, { cacheMaxEntries: 0 });
    const pool = Object.values(keys).flatMap((key) => [
      signClaims(key, { iss: 'https://idp.test', aud: 'orders', exp: NOW_SECONDS + 60 }),
      signClaims(key, { iss: 'https://idp.test', aud: 'orders', exp: NOW_SECONDS + 120, sub: key.alg }),
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(pool.length - 1), fc.integer({ min: 0, max: 150 })), { maxLength: 40 }),
        (steps) => {
          for (const [i, seconds] of steps) {
            vi.setSystemTime(now.getTime() + seconds * 1000);
            const token = pool[i] as string;
            expect(cached.verify(token)).toEqual(uncached.verify(token));
          }
          vi.setSystemTime(now);
        },
      ),
      { numRuns: 100 },
    );
    cached.close();
    uncached.close();
  });
});
