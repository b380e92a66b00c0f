import { describe, expect, test } from 'vitest';
import { checkEntriesProof, issueEntriesProof } from '../../src/propagator/entries-proof.js';
import type { TelemetryKeys } from '../../src/propagator/telemetry-keys.js';
import { ALICE, BOB, bag, keys, pairs } from '../support/extract-fixtures.js';
import { TRACE_ID } from '../support/telemetry-fixtures.js';

// The entries proof `k1.<mac>.<key>,<key>...`: a mac over the trace id, the subject digest and every
// listed key with its value. Black-box behaviour across hops is in jwt-propagator-entries.test.ts.

const SENT = { 'user.roles': 'admin,reader', 'tenant.id': 'acme' };
const OTHER_TRACE = 'f'.repeat(32);

function issue(entries: Record<string, string>, traceId = TRACE_ID, digest = ALICE): string {
  const proof = issueEntriesProof(keys, traceId, digest, pairs(entries));
  if (proof === undefined) throw new Error('no entries proof issued');
  return proof;
}

function check(
  proof: string | undefined,
  inbound: Record<string, string>,
  traceId = TRACE_ID,
  digest = ALICE,
) {
  const vouched = checkEntriesProof(keys, proof, traceId, digest, bag(inbound));
  return vouched === undefined ? undefined : [...vouched].sort();
}

describe('issueEntriesProof', () => {
  test('is k1, a 22-character mac and the sorted key list', () => {
    expect(issue(SENT)).toMatch(/^k1\.[A-Za-z0-9_-]{22}\.tenant\.id,user\.roles$/);
  });

  test('does not depend on the order of the entries it is given', () => {
    const reversed = Object.fromEntries(Object.entries(SENT).reverse());
    expect(issue(reversed)).toBe(issue(SENT));
  });

  test('issues nothing for no entries or for more than 64', () => {
    expect(issueEntriesProof(keys, TRACE_ID, ALICE, [])).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`user.k${i}`, 'v']));
    expect(issueEntriesProof(keys, TRACE_ID, ALICE, pairs(many))).toBeUndefined();
    delete many['user.k64'];
    expect(issueEntriesProof(keys, TRACE_ID, ALICE, pairs(many))).toMatch(/^k1\./);
  });

  test('binds the trace, the subject and the values: each change gives another mac', () => {
    const macs = new Set([
      issue(SENT),
      issue(SENT, OTHER_TRACE),
      issue(SENT, TRACE_ID, BOB),
      issue({ ...SENT, 'tenant.id': 'acmf' }),
    ]);
    expect(macs.size).toBe(4);
  });
});

describe('checkEntriesProof', () => {
  test('round trip: vouches for exactly the listed keys', () => {
    expect(check(issue(SENT), { ...SENT, color: 'blue' })).toEqual(['tenant.id', 'user.roles']);
  });

  test('checks whatever order the entries arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(SENT).reverse());
    expect(check(issue(SENT), reversed)).toEqual(['tenant.id', 'user.roles']);
  });

  test('an extra unlisted key still checks, but is not vouched for', () => {
    expect(check(issue(SENT), { ...SENT, 'acme.tenant': 'victim-corp' })).not.toContain('acme.tenant');
  });

  test('a listed key missing from the baggage fails the whole proof', () => {
    expect(check(issue(SENT), { 'user.roles': SENT['user.roles'] })).toBeUndefined();
  });

  test('a tampered value fails the whole proof', () => {
    expect(check(issue(SENT), { ...SENT, 'tenant.id': 'victim-corp' })).toBeUndefined();
  });

  test('a proof replayed into another trace fails', () => {
    expect(check(issue(SENT), SENT, OTHER_TRACE)).toBeUndefined();
  });

  test("a proof checked under another subject's digest fails", () => {
    expect(check(issue(SENT), SENT, TRACE_ID, BOB)).toBeUndefined();
  });

  test('a key list cut short or repeated fails: the mac covers the listed set', () => {
    const proof = issue(SENT);
    const mac = proof.split('.')[1];
    expect(check(`k1.${mac}.tenant.id`, SENT)).toBeUndefined();
    expect(check(`k1.${mac}.tenant.id,user.roles,user.roles`, SENT)).toBeUndefined();
  });

  test('a value cannot absorb a second entry: each value is length-prefixed in the mac', () => {
    const mac = issue({ 'user.a': 'x', 'user.b': 'y' }).split('.')[1];
    expect(check(`k1.${mac}.user.a`, { 'user.a': 'x\nuser.b=y' })).toBeUndefined();
    expect(check(`k1.${mac}.user.a`, { 'user.a': 'x\nuser.b=1:y' })).toBeUndefined();
  });

  test.each([
    ['absent', undefined],
    ['empty', ''],
    ['the version alone', 'k1.'],
    ['an h1 version', `h1.${'A'.repeat(22)}.tenant.id`],
    ['a short mac', `k1.${'A'.repeat(21)}.tenant.id`],
    ['a long mac', `k1.${'A'.repeat(23)}.tenant.id`],
    ['a mac with a non-base64url character', `k1.${'A'.repeat(21)}+.tenant.id`],
    ['no key list', `k1.${'A'.repeat(22)}.`],
    ['an empty key in the list', `k1.${'A'.repeat(22)}.tenant.id,`],
    ['a forged mac', `k1.${'A'.repeat(22)}.tenant.id,user.roles`],
  ])('refuses a malformed value: %s', (_, value) => {
    expect(check(value, SENT)).toBeUndefined();
  });

  test('refuses a list of more than 64 keys even when its mac would check', () => {
    // Keys whose mac is a constant, so only the size limit can refuse the list.
    const constant: TelemetryKeys = { ...keys, entriesMac: () => 'A'.repeat(22) };
    const listed = (count: number) => Array.from({ length: count }, (_, i) => `user.k${i}`);
    const inbound = bag(Object.fromEntries(listed(65).map((key) => [key, 'v'])));
    const proofOver = (count: number) => `k1.${'A'.repeat(22)}.${listed(count).join(',')}`;
    expect(checkEntriesProof(constant, proofOver(64), TRACE_ID, ALICE, inbound)?.size).toBe(64);
    expect(checkEntriesProof(constant, proofOver(65), TRACE_ID, ALICE, inbound)).toBeUndefined();
  });
});
