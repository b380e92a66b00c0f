import { describe, expect, test } from 'vitest';
import { JwtPropagator } from '../../src/index.js';
import { ExtractCounts, extractCountsOf } from '../../src/propagator/extract-counts.js';
import { invalid, unverified } from '../../src/verifier/verify-result.js';
import {
  AUDIENCE,
  extract,
  forge,
  HMAC_KEY,
  ISSUER,
  KEY,
  mint,
  remoteContext,
} from '../support/telemetry-fixtures.js';

const VALID = { status: 'valid', header: { alg: 'ES256' }, claims: {}, issuer: ISSUER } as never;

function snapshot(counts: ExtractCounts): Record<string, number> {
  const seen: Record<string, number> = { valid: counts.valid, absent: counts.absent };
  for (const [name, of] of [
    ['invalid', counts.invalid],
    ['unverified', counts.unverified],
    ['verdict', counts.verdicts],
    ['removal', counts.removals],
  ] as const) {
    of.forEach((outcome, count) => {
      seen[`${name}:${outcome}`] = count;
    });
  }
  return seen;
}

describe('ExtractCounts', () => {
  test('counts results by status and code, verdicts, and removals by reason', () => {
    const counts = new ExtractCounts();
    counts.record(VALID, 'no_upstream_proof', undefined);
    counts.record(VALID, 'consistent', undefined);
    counts.record({ status: 'absent' }, undefined, 'no_verified_token');
    counts.record(invalid('expired'), 'token_invalid', 'subject_mismatch');
    counts.record(unverified('unknown_key'), 'token_unverified', undefined);
    expect(snapshot(counts)).toEqual({
      valid: 2,
      absent: 1,
      'invalid:expired': 1,
      'unverified:unknown_key': 1,
      'verdict:no_upstream_proof': 1,
      'verdict:consistent': 1,
      'verdict:token_invalid': 1,
      'verdict:token_unverified': 1,
      'removal:no_verified_token': 1,
      'removal:subject_mismatch': 1,
    });
  });

  test("counts a code no type lists (from the application's own verifier) as _OTHER, never as itself", () => {
    const counts = new ExtractCounts();
    counts.record({ status: 'invalid', code: 'user alice is blocked' } as never, undefined, undefined);
    counts.record({ status: 'revoked' } as never, undefined, undefined);
    expect(snapshot(counts)).toEqual({ valid: 0, absent: 0, 'invalid:_OTHER': 2 });
  });
});

describe("the propagator's extract", () => {
  const config = {
    verifier: {
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          keys: { type: 'static' as const, keys: [{ type: 'jwk' as const, jwk: KEY.publicJwk }] },
        },
      ],
    },
    hmacKey: HMAC_KEY,
    claims: { tenant: 'tenant.id' },
  };

  test('counts each request once: its result, verdict and baggage removal', () => {
    const propagator = new JwtPropagator(config);
    extract(propagator, { authorization: `Bearer ${mint()}` });
    extract(propagator, { authorization: `Bearer ${forge()}` });
    extract(propagator, { authorization: 'Bearer' });
    propagator.extract(
      remoteContext({ 'tenant.id': 'forged' }),
      {},
      { get: () => undefined, keys: () => [] },
    );
    const counts = extractCountsOf(propagator);
    expect(counts).toBeDefined();
    expect(snapshot(counts as ExtractCounts)).toEqual({
      valid: 1,
      absent: 1,
      'invalid:invalid_signature': 1,
      'invalid:malformed_authorization': 1,
      'verdict:no_upstream_proof': 1,
      'removal:no_verified_token': 1,
    });
    propagator.close();
  });

  test("counts nothing with metrics: 'off'", () => {
    const propagator = new JwtPropagator({ ...config, metrics: 'off' });
    extract(propagator, { authorization: `Bearer ${mint()}` });
    expect(extractCountsOf(propagator)).toBeUndefined();
    propagator.close();
  });
});
