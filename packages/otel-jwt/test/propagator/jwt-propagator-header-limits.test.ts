import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { checkEntriesProof, issueEntriesProof } from '../../src/propagator/entries-proof.js';
import { telemetryKeys } from '../../src/propagator/telemetry-keys.js';
import {
  baggageOf,
  extract,
  HMAC_KEY,
  injectTo,
  mint,
  parseBaggage,
  TRACE_ID,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
} from '../support/telemetry-fixtures.js';

// Review of the entries proof: what it vouches for must be exactly what the header carries, and its mac
// input must not let one set of keys and values read as another.

const big = (tag: string) => tag.repeat(900);
const claimsOf = (hop: string) => Object.fromEntries(['1', '2', '3', '4'].map((n) => [`${hop}${n}`, big(n)]));
const hop = (name: string) =>
  telemetry({
    trustedDestinations: [TRUSTED_ORIGIN],
    maxAuthBaggageBytes: 4096,
    // Every hop treats every hop's keys as auth keys, so vouched entries pile up along the chain.
    protectedBaggageKeys: ['a', 'b', 'c'].flatMap((other) =>
      ['1', '2', '3', '4'].map((n) => `app.${other}${n}`),
    ),
    claims: Object.fromEntries(
      ['1', '2', '3', '4'].map((n) => [`${name}${n}`, { key: `app.${name}${n}`, maxValueChars: 1024 }]),
    ),
  });

describe('an entries proof over more than the header can carry', () => {
  test('three hops of large vouched entries: the fourth hop keeps what the third listed, with no false tampering', () => {
    // One subject, a token per hop with that hop's claims (a token holding all twelve would be too large).
    const tokenOf = (name: string) => mint(claimsOf(name));
    let headers: Record<string, string> = { traceparent: TRACEPARENT };
    for (const name of ['a', 'b', 'c']) {
      const context = extract(hop(name).propagator, { ...headers, authorization: `Bearer ${tokenOf(name)}` });
      expect(getAuth(context)?.result.status).toBe('valid');
      expect(getAuth(context)?.removalReason).toBeUndefined();
      headers = injectTo(hop(name).propagator, context, TRUSTED_URL);
    }
    // The header is full: the third hop could not send all twelve entries.
    expect(headers.baggage?.length).toBeLessThanOrEqual(8192);
    const sent = parseBaggage(headers.baggage);
    const listed = (sent['jwt.entries_proof'] ?? '').split('.').slice(2).join('.').split(',');
    expect(listed.length).toBeLessThan(12);
    expect(listed.every((key) => sent[key] !== undefined)).toBe(true);
    const fourth = extract(hop('d').propagator, { ...headers, authorization: `Bearer ${mint()}` });
    expect(getAuth(fourth)).toMatchObject({ subjectVerdict: 'consistent', removedBaggageKeys: [] });
    expect(Object.keys(baggageOf(fourth)).filter((key) => key.startsWith('app.'))).toHaveLength(
      listed.length,
    );
  });
});

describe('the entries proof mac input', () => {
  const keys = telemetryKeys(HMAC_KEY);
  const digest = keys.subjectDigest('https://idp.test', 'alice');
  const bag = (entries: Record<string, string>) =>
    new Map(Object.entries(entries).map(([key, value]) => [key, { value }]));
  const asBaggage = (entries: Record<string, string>) => {
    const map = bag(entries);
    return { getEntry: (key: string) => map.get(key) } as never;
  };

  test('keys and values cannot be regrouped: a value holding "\\nuser.role=5:admin" vouches for no user.role', () => {
    const value = 'p=1:q\nuser.role=5:admin';
    const proof = issueEntriesProof(keys, TRACE_ID, digest, [['user.name', { value }]]) as string;
    const mac = proof.split('.')[1];
    const regrouped = `k1.${mac}.user.name=23:p,user.role`;
    const inbound = asBaggage({ 'user.name=23:p': 'q', 'user.role': 'admin' });
    expect(checkEntriesProof(keys, regrouped, TRACE_ID, digest, inbound)).toBeUndefined();
    expect(checkEntriesProof(keys, proof, TRACE_ID, digest, asBaggage({ 'user.name': value }))).toEqual(
      new Set(['user.name']),
    );
  });

  test('a listed key outside the W3C token characters, or listed twice, vouches for nothing', () => {
    const proof = issueEntriesProof(keys, TRACE_ID, digest, [['user.roles', { value: 'reader' }]]) as string;
    const mac = proof.split('.')[1];
    const inbound = asBaggage({ 'user.roles': 'reader', 'a:b': 'x' });
    expect(
      checkEntriesProof(keys, `k1.${mac}.user.roles,user.roles`, TRACE_ID, digest, inbound),
    ).toBeUndefined();
    expect(checkEntriesProof(keys, `k1.${mac}.user.roles,a:b`, TRACE_ID, digest, inbound)).toBeUndefined();
    expect(issueEntriesProof(keys, TRACE_ID, digest, [['a:b', { value: 'x' }]])).toBeUndefined();
  });
});
