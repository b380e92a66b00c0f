import fc from 'fast-check';
import { forge, mint, TRACEPARENT, traceparentOf } from './telemetry-fixtures.js';

// Generators of inbound HTTP header maps for the propagator's property tests: real tokens (valid and
// refused) with random tampering, Bearer noise, baggage with forged and genuine auth entries, and values
// of every type a getter may return.

const now = Math.floor(Date.now() / 1000);
/** Tokens of the test issuer: alice first, then other subjects, claims, and refused ones. */
export const TOKENS = [
  mint(),
  mint({ roles: ['admin', 'reader'], tenant: 'acme', level: 3 }),
  mint({ sub: 'bob', roles: 'auditor', tenant: 'globex' }),
  mint({ act: { sub: 'gateway' }, roles: ['reader'] }),
  mint({ sub: undefined, tenant: 'acme' }),
  mint({ roles: ['a,b'], level: true }),
  mint({ exp: now - 100 }),
  mint({ aud: 'billing' }),
  forge({ roles: ['admin'] }),
];

const tamper = fc.oneof(
  { arbitrary: fc.constant((token: string) => token), weight: 4 },
  fc.nat().map((at) => (token: string) => {
    const i = at % token.length;
    return `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
  }),
  fc.nat().map((at) => (token: string) => token.slice(0, at % token.length)),
  fc.string({ maxLength: 6 }).map((junk) => (token: string) => token + junk),
  fc.constant((token: string) => token.split('.').slice(0, 2).join('.')),
);
const tokenArb = fc.tuple(fc.constantFrom(...TOKENS), tamper).map(([token, change]) => change(token));
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\r\n', 'Bearer', 'Basic dXNlcjpwdw=='),
);
const huge = fc.integer({ min: 4_000, max: 60_000 }).map((n) => 'x'.repeat(n));
const bearer = fc.oneof({ arbitrary: tokenArb, weight: 4 }, text, huge).map((token) => `Bearer ${token}`);
export const memberKey = fc.oneof(
  fc.constantFrom(
    'user.roles',
    'user.id',
    'user.level',
    'jwt.result',
    'jwt.subject_proof',
    'jwt.entries_proof',
    'tenant.id',
    'legacy.flag',
  ),
  fc.constantFrom('color', 'user%2Eroles', ' jwt.x '),
  fc.string({ maxLength: 8 }),
);
const memberValue = (proof: string) =>
  fc.oneof(
    fc.constantFrom(
      proof,
      'admin',
      'acme',
      `k1.${'A'.repeat(22)}.${'B'.repeat(22)}`,
      `k1.${'A'.repeat(22)}.tenant.id,user.roles`,
      '%F0%9F%98%80',
    ),
    text,
    huge,
  );
const baggageArb = (proof: string) =>
  fc
    .array(fc.tuple(memberKey, memberValue(proof), fc.option(fc.constant(';meta=1'), { nil: '' })), {
      maxLength: 12,
    })
    .map((members) => members.map(([key, value, meta]) => `${key}=${value}${meta}`).join(','));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  huge,
  bearer,
  tokenArb,
  fc.array(fc.oneof(text, bearer), { maxLength: 3 }),
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);
/**
 * Header maps around a genuine subject proof `proof` (alice's, for TRACEPARENT) and `genuine`, a whole
 * baggage header a trusted upstream hop sent (both proofs and its entries), which random members may
 * follow (and override).
 */
export function headersArb(proof: string, genuine: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        authorization: fc.oneof({ arbitrary: bearer, weight: 4 }, anyValue),
        baggage: fc.oneof(
          {
            arbitrary: baggageArb(proof).map((members) => `jwt.subject_proof=${proof},${members}`),
            weight: 2,
          },
          { arbitrary: baggageArb(proof), weight: 2 },
          {
            arbitrary: baggageArb(proof).map((members) =>
              members === '' ? genuine : `${genuine},${members}`,
            ),
            weight: 2,
          },
          anyValue,
        ),
        traceparent: fc.oneof(
          { arbitrary: fc.constant(TRACEPARENT), weight: 4 },
          fc.constant(traceparentOf('f'.repeat(32))),
          anyValue,
        ),
        cookie: anyValue,
      },
      { requiredKeys: ['authorization', 'baggage', 'traceparent'] },
    )
    .chain((known) =>
      fc
        .dictionary(
          fc.oneof(fc.constantFrom('Authorization', 'tracestate', 'x-id-token'), fc.string({ maxLength: 8 })),
          anyValue,
          { maxKeys: 3 },
        )
        .map((extra) => ({ ...extra, ...known })),
    );
}
