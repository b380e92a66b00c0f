import { createSecretKey, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createJwtVerifier, type JwtVerifier, type SelfIssuedConfig } from '../../src/index.js';
import { type HmacAlg, pyjwtEncode } from '../support/self-issued-tokens.js';

// The self-issued kind against jose.jwtVerify(token, secret, { algorithms, clockTolerance, requiredClaims })
// with no issuer (and an audience only where one is configured): over generated claim sets, both agree
// except by the named stricter rules.

const NOW_SECONDS = 1_900_000_000;
const now = new Date(NOW_SECONDS * 1000);
const SECRETS: Record<HmacAlg, Buffer> = {
  HS256: randomBytes(32),
  HS384: randomBytes(48),
  HS512: randomBytes(64),
};

interface Case {
  readonly config: SelfIssuedConfig;
  /** The secrets this policy holds, by algorithm (a token of another algorithm is refused by both). */
  readonly algorithms: readonly HmacAlg[];
  readonly audience?: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds?: number;
  readonly requiredClaims: readonly string[];
}

const cases: Record<string, Case> = {
  'the PyJWT default (no audience, username as subject)': {
    config: {
      kind: 'self-issued',
      name: 'monolith',
      secrets: [{ secret: SECRETS.HS256, alg: 'HS256' }],
      subjectClaim: 'username',
    },
    algorithms: ['HS256'],
    clockToleranceSeconds: 30,
    requiredClaims: [],
  },
  'a strict one (audience, max age, required claims, two algorithms)': {
    config: {
      kind: 'self-issued',
      name: 'monolith',
      secrets: [
        { secret: SECRETS.HS256, alg: 'HS256' },
        { secret: SECRETS.HS512, alg: 'HS512' },
      ],
      audience: ['shop', 'admin'],
      clockToleranceSeconds: 0,
      maxTokenAgeSeconds: 120,
      requiredClaims: ['username', 'role'],
    },
    algorithms: ['HS256', 'HS512'],
    audience: ['shop', 'admin'],
    clockToleranceSeconds: 0,
    maxTokenAgeSeconds: 120,
    requiredClaims: ['username', 'role'],
  },
};

async function joseAccepts(token: string, policy: Case): Promise<boolean> {
  let alg: unknown;
  let typ: unknown;
  try {
    ({ alg, typ } = decodeProtectedHeader(token));
  } catch {
    return false;
  }
  const secret = SECRETS[alg as HmacAlg];
  if (secret === undefined) return false;
  for (const expected of typ === undefined ? [undefined] : ['JWT', 'at+jwt']) {
    try {
      await jwtVerify(token, createSecretKey(secret), {
        algorithms: [...policy.algorithms],
        clockTolerance: policy.clockToleranceSeconds,
        requiredClaims: ['exp', ...policy.requiredClaims],
        currentDate: now,
        ...(policy.audience === undefined ? {} : { audience: [...policy.audience] }),
        ...(policy.maxTokenAgeSeconds === undefined ? {} : { maxTokenAge: policy.maxTokenAgeSeconds }),
        ...(expected === undefined ? {} : { typ: expected }),
      });
      return true;
    } catch {
      // Refused under this typ; try the next accepted one.
    }
  }
  return false;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
const offset = (min: number, max: number) => fc.integer({ min, max }).map((d) => NOW_SECONDS + d);
const mostly = <T>(usual: fc.Arbitrary<T>, ...odd: T[]) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

/** Monolith claim sets around every boundary: times near now, audiences in and out, odd subjects, an iss now and then. */
const claimsArb = fc.record({
  extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  username: mostly(fc.constant<unknown>('alice'), undefined, 7, ['alice'], null),
  role: mostly(fc.constant<unknown>('admin'), undefined, ['admin', 'ops']),
  sub: mostly(fc.constant<unknown>(undefined), 'alice', 9),
  iss: mostly(fc.constant<unknown>(undefined), 'monolith', 'https://idp.test', null),
  aud: mostly(fc.constantFrom<unknown>(undefined, 'shop', ['admin', 'x']), 'billing', [], 5),
  exp: mostly<unknown>(offset(-40, 300), undefined, 'soon', NOW_SECONDS - 31),
  nbf: optional(offset(-60, 40)),
  iat: mostly<unknown>(offset(-130, 5), undefined, NOW_SECONDS + 31, 'now'),
});
const headerArb = fc.record({
  alg: fc.constantFrom<HmacAlg>('HS256', 'HS384', 'HS512'),
  typ: mostly(fc.constant<string | undefined>('JWT'), undefined, 'at+jwt', 'application/JWT', 'JOSE'),
  forged: mostly(fc.constant(false), true),
});

describe('self-issued tokens: the verdict agrees with jose.jwtVerify without issuer', () => {
  const verifiers = new Map<string, JwtVerifier>();
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    for (const [name, policy] of Object.entries(cases)) {
      verifiers.set(name, createJwtVerifier({ issuers: [policy.config] }));
    }
  });
  afterAll(() => {
    for (const verifier of verifiers.values()) verifier.close();
    vi.useRealTimers();
  });

  for (const name of Object.keys(cases)) {
    test(`agrees with jose under ${name}, except by the named stricter rules (a token with iss is never self-issued; sub and the subject claim must be strings)`, async () => {
      const policy = cases[name] as Case;
      const verifier = verifiers.get(name) as JwtVerifier;
      const subjectClaim = policy.config.subjectClaim ?? 'sub';
      const seen = { valid: 0, refused: 0, stricter: 0 };
      await fc.assert(
        fc.asyncProperty(headerArb, claimsArb, async (header, generated) => {
          const { extra, ...named } = generated;
          const claims = Object.fromEntries(
            Object.entries({ ...extra, ...named }).filter(([, value]) => value !== undefined),
          );
          const secret = header.forged ? randomBytes(64) : SECRETS[header.alg];
          // typ undefined leaves it out of the header (PyJWT always writes one; other libraries may not).
          const token = pyjwtEncode(claims, secret, header.alg, { typ: header.typ });
          const ours = verifier.verify(token);
          const jose = await joseAccepts(token, policy);
          if (ours.status !== 'valid') {
            // The named stricter rules: set apart (jose may or may not refuse such a token for another reason).
            const stricter =
              (ours.code === 'unknown_issuer' && Object.hasOwn(claims, 'iss')) ||
              (ours.code === 'invalid_claim' &&
                ((claims.sub !== undefined && typeof claims.sub !== 'string') ||
                  (Object.hasOwn(claims, subjectClaim) && typeof claims[subjectClaim] !== 'string')));
            if (stricter) {
              seen.stricter++;
              return;
            }
          }
          seen[ours.status === 'valid' ? 'valid' : 'refused']++;
          expect(ours.status === 'valid', `ours: ${ours.status === 'valid' ? 'valid' : ours.code}`).toBe(
            jose,
          );
          if (ours.status === 'valid') {
            expect(ours.issuer).toBe('monolith');
            expect(Object.hasOwn(ours.claims, 'iss')).toBe(false);
          }
        }),
        { numRuns: 600 },
      );
      // The generators must reach both sides of the policy, or agreement would prove little.
      expect(seen.valid).toBeGreaterThan(10);
      expect(seen.refused).toBeGreaterThan(50);
      expect(seen.stricter).toBeGreaterThan(5);
    });
  }
});

describe('the stricter rules, each shown against jose', () => {
  const policy = cases['the PyJWT default (no audience, username as subject)'] as Case;
  let verifier: JwtVerifier;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    verifier = createJwtVerifier({ issuers: [policy.config] });
  });
  afterAll(() => {
    verifier.close();
    vi.useRealTimers();
  });
  const base = { username: 'alice', role: 'admin', iat: NOW_SECONDS, exp: NOW_SECONDS + 60 };

  test('refuses a secret-signed token carrying an iss as unknown_issuer, which jose without an issuer option accepts (stricter: a token with iss is never self-issued)', async () => {
    const token = pyjwtEncode({ ...base, iss: 'monolith' }, SECRETS.HS256);
    expect(verifier.verify(token)).toMatchObject({ status: 'invalid', code: 'unknown_issuer' });
    expect(await joseAccepts(token, policy)).toBe(true);
  });

  test('refuses a username that is a number as invalid_claim, which jose accepts (stricter: the subject claim must be a string)', async () => {
    const token = pyjwtEncode({ ...base, username: 1001 }, SECRETS.HS256);
    expect(verifier.verify(token)).toMatchObject({ status: 'invalid', code: 'invalid_claim' });
    expect(await joseAccepts(token, policy)).toBe(true);
  });
});
