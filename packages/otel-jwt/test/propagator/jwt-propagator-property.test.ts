import { type Context, defaultTextMapGetter, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { checkEntriesProof } from '../../src/propagator/entries-proof.js';
import { checkProof } from '../../src/propagator/subject-proof.js';
import { telemetryKeys } from '../../src/propagator/telemetry-keys.js';
import { headersArb, memberKey, TOKENS } from '../support/header-arbitraries.js';
import {
  extract,
  HMAC_KEY,
  injectTo,
  parseBaggage,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// Extract and inject over arbitrary header maps: they never throw, no unverified auth entry reaches the
// baggage, the baggage header stays within the W3C limits, and auth entries never leave for a destination
// that is not trusted.

const MAPPED = { roles: 'user.roles', tenant: 'tenant.id', level: 'user.level' } as const;
const jwt = telemetry({
  claims: MAPPED,
  protectedBaggageKeys: ['legacy.flag'],
  trustedDestinations: [TRUSTED_ORIGIN],
  forwardToken: { to: ['https://billing.internal'] },
});
const keys = telemetryKeys(HMAC_KEY);
const isAuthKey = (key: string) =>
  key.startsWith('jwt.') || key.startsWith('user.') || ['tenant.id', 'legacy.flag'].includes(key);

const PROOF = parseBaggage(upstreamHeaders(jwt.propagator, TOKENS[0] as string).baggage)[
  'jwt.subject_proof'
] as string;
/** What a first hop sends after verifying alice's token with roles, tenant and level. */
const GENUINE = upstreamHeaders(jwt.propagator, TOKENS[1] as string).baggage as string;
const requests = headersArb(PROOF, GENUINE);

/** The baggage as the stock propagator reads it from the headers: what upstream sent. */
function upstreamBaggage(headers: Record<string, unknown>): Record<string, string> {
  const context = new W3CBaggagePropagator().extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const entries = propagation.getBaggage(context)?.getAllEntries() ?? [];
  return Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]));
}

/** The baggage values a verified token's own claims give, under {@link MAPPED}. */
function ownValue(claims: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const claim = Object.entries(MAPPED).find(([, mapped]) => mapped === key)?.[0];
  const value = claim === undefined ? undefined : claims[claim];
  return Array.isArray(value) ? value.join(',') : value === undefined ? undefined : String(value);
}

/** Why an auth entry of the extracted baggage is there, or undefined when nothing vouches for it. */
function provenance(context: Context, inbound: Record<string, string>, key: string, value: string) {
  const auth = getAuth(context);
  const traceId = trace.getSpanContext(context)?.traceId;
  if (key === 'jwt.subject_proof') return checkProof(keys, value, traceId).valid ? 'proof' : undefined;
  if (auth?.result.status === 'valid' && ownValue(auth.result.claims, key) === value) return 'token';
  const same = auth?.subjectVerdict === 'consistent' || auth?.subjectVerdict === 'delegated';
  const proof =
    traceId === undefined ? undefined : checkProof(keys, inbound['jwt.subject_proof'] ?? '', traceId);
  if (!same || proof?.valid !== true || traceId === undefined) return undefined;
  const baggage = propagation.createBaggage(
    Object.fromEntries(Object.entries(inbound).map(([name, text]) => [name, { value: text }])),
  );
  const listed = checkEntriesProof(keys, inbound['jwt.entries_proof'], traceId, proof.subjectDigest, baggage);
  if (key === 'jwt.entries_proof')
    return listed !== undefined && inbound[key] === value ? 'entries proof' : undefined;
  return listed?.has(key) === true && inbound[key] === value ? 'vouched' : undefined;
}

function withinW3cLimits(header: string | undefined): boolean {
  if (header === undefined) return true;
  const members = header.split(',');
  return header.length <= 8192 && members.length <= 180 && members.every((member) => member.length <= 4096);
}

describe('extract and inject over arbitrary headers', () => {
  test('never throw, and every auth entry in the extracted baggage is vouched for', () => {
    const seen = new Set<string | undefined>();
    // Random headers reach the rarer provenances in most runs of 400, not all: more runs until they do.
    for (let round = 0; round < 5 && seen.size < 4; round++) assertVouched(seen);
    // The generators reach every way an auth entry may legitimately be there.
    expect([...seen].sort()).toEqual(['entries proof', 'proof', 'token', 'vouched']);
  });

  function assertVouched(seen: Set<string | undefined>): void {
    fc.assert(
      fc.property(requests, (headers) => {
        const context = extract(jwt.propagator, headers);
        const inbound = upstreamBaggage(headers);
        for (const [key, entry] of propagation.getBaggage(context)?.getAllEntries() ?? []) {
          if (!isAuthKey(key)) continue;
          const why = provenance(context, inbound, key, entry.value);
          seen.add(why);
          expect(why, key).toBeDefined();
        }
        for (const url of [
          TRUSTED_URL,
          'https://partner.example/x',
          'https://billing.internal/x',
          undefined,
        ]) {
          expect(withinW3cLimits(injectTo(jwt.propagator, context, url).baggage)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  }

  test('never throw when the getter, the carrier or the setter throws', () => {
    const failing = fc.constantFrom('authorization', 'baggage', 'traceparent', 'cookie', 'any');
    fc.assert(
      fc.property(requests, failing, (headers, failOn) => {
        const carrier = new Proxy(headers, {
          get: (target, key) => {
            if (failOn === 'any' || key === failOn) throw new Error('carrier refuses');
            return Reflect.get(target, key);
          },
        });
        const context = extract(jwt.propagator, carrier);
        jwt.jwtPropagator.extract(ROOT_CONTEXT, headers, {
          keys: () => [],
          get: (_carrier, key) => {
            if (failOn === 'any' || key === failOn) throw new Error('getter refuses');
            return defaultTextMapGetter.get(headers, key);
          },
        });
        const setter = {
          set: () => {
            throw new Error('setter refuses');
          },
        };
        jwt.propagator.inject(context, {}, setter);
        jwt.jwtPropagator.inject(extract(jwt.propagator, headers), {}, setter);
      }),
      { numRuns: 300 },
    );
  });
});

describe('inject under any baggage the application holds', () => {
  const entryArb = fc.tuple(
    fc.oneof(memberKey, fc.string({ minLength: 1, maxLength: 60 })),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer({ min: 0, max: 5_000 }).map((n) => 'v'.repeat(n)),
    ),
  );

  test('the baggage header never exceeds 8192 characters, 180 members or 4096 per member', () => {
    let longest = 0;
    fc.assert(
      fc.property(requests, fc.array(entryArb, { maxLength: 300 }), (headers, entries) => {
        const extracted = extract(jwt.propagator, headers);
        const own = propagation.getBaggage(extracted)?.getAllEntries() ?? [];
        const all = Object.fromEntries([...own, ...entries.map(([key, value]) => [key, { value }] as const)]);
        const context = propagation.setBaggage(extracted, propagation.createBaggage(all));
        for (const url of [TRUSTED_URL, 'https://partner.example/x']) {
          for (const propagator of [jwt.propagator, jwt.jwtPropagator]) {
            const header = injectTo(propagator, context, url).baggage;
            expect(withinW3cLimits(header)).toBe(true);
            longest = Math.max(longest, header?.length ?? 0);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(longest).toBeGreaterThan(8000);
  });

  const untrusted = fc
    .oneof(
      fc.webUrl(),
      fc.constantFrom(
        'https://orders.internal:8443/',
        'http://orders.internal/',
        'https://eu.orders.internal/',
        'https://orders.internal.evil.example/',
        'https://user:pw@partner.example/',
        'ftp://orders.internal/',
        'orders.internal',
      ),
      fc.string(),
      fc.constant(undefined),
    )
    .filter((url) => typeof url !== 'string' || !/^https:\/\/orders\.internal(:443)?([/?#]|$)/i.test(url));

  test('auth entries, the proof and the token never reach a destination that is not trusted', () => {
    let withAuthEntries = 0;
    fc.assert(
      fc.property(requests, untrusted, (headers, url) => {
        const context = extract(jwt.propagator, headers);
        if (
          propagation
            .getBaggage(context)
            ?.getAllEntries()
            .some(([key]) => isAuthKey(key))
        )
          withAuthEntries++;
        const sent = injectTo(jwt.propagator, context, url);
        expect(Object.keys(parseBaggage(sent.baggage)).filter(isAuthKey)).toEqual([]);
        expect(sent).not.toHaveProperty('authorization');
      }),
      { numRuns: 300 },
    );
    expect(withAuthEntries).toBeGreaterThan(30);
  });
});
