import { afterEach, describe, expect, test } from 'vitest';
import { issuerTokenStanding } from '../../src/propagator/issuer-token.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { extract, forge, mint, telemetry } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());

describe('which inbound tokens are remembered for redaction', () => {
  test('valid and refused-only-for-a-claim outcomes are vouched, not yet checkable ones unvouched', () => {
    expect(issuerTokenStanding({ status: 'valid' } as never)).toBe('vouched');
    expect(issuerTokenStanding({ status: 'invalid', code: 'expired' } as never)).toBe('vouched');
    expect(issuerTokenStanding({ status: 'unverified', code: 'unknown_key' } as never)).toBe('unvouched');
    expect(issuerTokenStanding({ status: 'unverified', code: 'keys_unavailable' } as never)).toBe(
      'unvouched',
    );
    expect(issuerTokenStanding({ status: 'invalid', code: 'invalid_signature' } as never)).toBeUndefined();
    expect(issuerTokenStanding({ status: 'invalid', code: 'malformed' } as never)).toBeUndefined();
    expect(issuerTokenStanding({ status: 'absent' } as never)).toBeUndefined();
  });

  test('the propagator remembers a valid token and an expired one the issuer signed', () => {
    const jwt = telemetry();
    const valid = mint({ sub: 'remembered-valid' });
    const expired = mint({ sub: 'remembered-expired', exp: Math.floor(Date.now() / 1000) - 3600 });
    for (const token of [valid, expired]) extract(jwt.propagator, { authorization: `Bearer ${token}` });
    expect(seenTokens.holdsPiece(valid.split('.')[2] as string)).toBe(true);
    expect(seenTokens.holdsPiece(expired.split('.')[2] as string)).toBe(true);
    expect(seenTokens.tokens).toEqual({ vouched: 2, unvouched: 0, sent: 0 });
    void jwt.shutdown();
  });

  test('a forged token whose claims are refused too is refused for its signature and not remembered', () => {
    // Vouching rests on the verifier's order: claims are judged only once the signature holds.
    const jwt = telemetry();
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const claims of [{ exp: past }, { aud: 'someone-else' }, { nbf: past + 7200 }]) {
      const forged = forge({ sub: 'forged-claims', ...claims });
      expect(jwt.verifier.verify(forged)).toMatchObject({ status: 'invalid', code: 'invalid_signature' });
      extract(jwt.propagator, { authorization: `Bearer ${forged}` });
    }
    expect(seenTokens.active).toBe(false);
    void jwt.shutdown();
  });

  test('the propagator does not remember a forged token or garbage, so a flood of them costs no fingerprinting', () => {
    const jwt = telemetry();
    const forged = forge({ sub: 'forged' });
    const garbage = 'x'.repeat(9_000);
    for (const token of [forged, garbage]) extract(jwt.propagator, { authorization: `Bearer ${token}` });
    expect(seenTokens.active).toBe(false);
    void jwt.shutdown();
  });
});
