import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import {
  getAuth,
  type JwtClaims,
  type RouteAccess,
  type RouteGuard,
  type RouteRefused,
  requireAuth,
  type ValidResult,
} from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { unverified } from '../../src/verifier/verify-result.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import { extract, forge, mint, telemetry } from '../support/telemetry-fixtures.js';

// Whatever a request carries, the answer is one of the constant refusals of the guard: no token, no
// piece of one, no claim value and no header value ever reaches a header or a body.

afterEach(() => seenTokens.clear());

const jwt = telemetry();
const GUARDS: readonly RouteGuard[] = [
  requireAuth(),
  requireAuth({ realm: 'shop "eu" \\ orders', scopes: ['orders:read', 'orders:write'] }),
  requireAuth({ realm: 'orders', roles: ['clerk'], rolesClaim: 'groups' }),
  requireAuth({ realm: 'orders', scopes: ['orders:read'], allow: (claims) => claims.tenant === 'shop' }),
  requireAuth({ allow: (claims) => Object.keys(claims).length > 999 || claimsThrow(claims) }),
];

function claimsThrow(claims: JwtClaims): boolean {
  throw new Error(`refused ${JSON.stringify(claims)}`);
}

/** The texts of an answer that reach the client. */
const textsOf = (refused: RouteRefused) => [...Object.entries(refused.headers).flat(), refused.body];

/** Every guard's refusals, by reason, from requests that carry nothing random: the constant answers. */
const constant = new Map<RouteGuard, Map<string, RouteRefused>>();
const fixed = (claims: Record<string, unknown>) =>
  getAuth(extract(jwt.propagator, { authorization: `Bearer ${mint(claims)}` }));
const SEEDS = [
  undefined,
  getAuth(extract(jwt.propagator, {})),
  getAuth(extract(jwt.propagator, { authorization: `Bearer ${forge()}` })),
  getAuth(extract(jwt.propagator, { authorization: 'Bearer' })),
  {
    result: unverified('keys_unavailable'),
    subjectVerdict: undefined,
    removedBaggageKeys: [],
    removalReason: undefined,
  },
  fixed({}),
  fixed({ scope: 'orders:read' }),
];
for (const guard of GUARDS) {
  const known = new Map<string, RouteRefused>();
  for (const seed of SEEDS) {
    const access = guard(seed);
    if (!access.allowed) known.set(access.reason, access);
  }
  constant.set(guard, known);
}
const CONSTANT_TEXTS = GUARDS.flatMap((guard) => [...(constant.get(guard)?.values() ?? [])].flatMap(textsOf));

/** Checks that an answer is the guard's constant refusal for its reason, and returns its texts. */
function answerTexts(guard: RouteGuard, access: RouteAccess): string[] {
  if (access.allowed) return [];
  expect(access).toBe(constant.get(guard)?.get(access.reason));
  return textsOf(access);
}

/** A claim value with a marker no constant text holds, so finding it in an answer means it was echoed. */
const marked = fc.string({ minLength: 4, maxLength: 24 }).map((text) => `zq${text}`);
const claimsArb = fc.record(
  {
    sub: marked,
    scope: fc.oneof(marked, fc.constant('orders:read orders:write'), fc.array(marked)),
    scp: fc.oneof(fc.array(fc.oneof(marked, fc.constant('orders:read'))), marked),
    roles: fc.oneof(fc.array(marked), marked),
    groups: fc.array(fc.oneof(marked, fc.constant('clerk'))),
    tenant: fc.oneof(marked, fc.constant('shop')),
    note: marked,
  },
  { requiredKeys: ['sub'] },
);
/** A real token, maybe changed: a flipped character, cut short, or noise after it. */
const change = fc.oneof(
  fc.constant((token: string) => token),
  fc.nat().map((at) => (token: string) => {
    const i = at % token.length;
    return `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
  }),
  fc.nat().map((at) => (token: string) => token.slice(0, at % token.length)),
  marked.map((junk) => (token: string) => `${token} ${junk}`),
);
const scheme = fc.constantFrom('Bearer ', 'bearer  ', 'Basic ', '', 'Bearer x, Bearer ');

describe('requireAuth answers hold nothing from the request', () => {
  test('random tokens, claims and Authorization values never appear in a header or a body', () => {
    fc.assert(
      fc.property(claimsArb, change, scheme, (claims, alter, prefix) => {
        const original = mint(claims);
        const token = alter(original);
        const authorization = `${prefix}${token}`;
        const auth = getAuth(extract(jwt.propagator, { authorization }));
        const texts = GUARDS.flatMap((guard) => answerTexts(guard, guard(auth)));
        expect(tokenMaterialIn(original, texts)).toBeUndefined();
        expect(tokenMaterialIn(token, texts)).toBeUndefined();
        // Values too short to tell from the constant texts ("Bearer e") are covered by the identity check.
        const values = stringsOf(claims).filter((text) => text.startsWith('zq'));
        if (token.length >= 16) values.push(authorization);
        const echoed = values.filter((value) => texts.some((text) => text.includes(value)));
        expect(echoed).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('arbitrary verified claims never throw out of a guard and never appear in its answer', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (extra) => {
        const claims = Object.freeze({ iss: 'https://idp.test', exp: 2e9, ...extra }) as JwtClaims;
        const result: ValidResult = {
          status: 'valid',
          form: 'jws',
          header: { alg: 'ES256' },
          claims,
          issuer: 'x',
          subject: undefined,
          keyId: undefined,
        };
        const auth = { result, subjectVerdict: undefined, removedBaggageKeys: [], removalReason: undefined };
        const texts = GUARDS.flatMap((guard) => answerTexts(guard, guard(auth)));
        const echoed = stringsOf(extra).filter(
          (value) =>
            value.length >= 6 &&
            !CONSTANT_TEXTS.some((known) => known.includes(value)) &&
            texts.some((text) => text.includes(value)),
        );
        expect(echoed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
