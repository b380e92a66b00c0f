import { afterEach, describe, expect, test } from 'vitest';
import { credentialStanding } from '../../src/propagator/credential-standing.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { extract, forge, mint, telemetry } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());

describe('how inbound credentials are remembered for redaction', () => {
  test('valid and refused-only-for-a-claim outcomes are vouched; every other outcome is unvouched', () => {
    expect(credentialStanding({ status: 'valid' } as never)).toBe('vouched');
    expect(credentialStanding({ status: 'invalid', code: 'expired' } as never)).toBe('vouched');
    for (const code of ['unknown_key', 'keys_unavailable']) {
      expect(credentialStanding({ status: 'unverified', code } as never)).toBe('unvouched');
    }
    for (const code of ['invalid_signature', 'malformed', 'token_too_large', 'multiple_tokens']) {
      expect(credentialStanding({ status: 'invalid', code } as never)).toBe('unvouched');
    }
  });

  test('the propagator remembers a valid token and an expired one the issuer signed as vouched', () => {
    const jwt = telemetry();
    const valid = mint({ sub: 'remembered-valid' });
    const expired = mint({ sub: 'remembered-expired', exp: Math.floor(Date.now() / 1000) - 3600 });
    for (const token of [valid, expired]) extract(jwt.propagator, { authorization: `Bearer ${token}` });
    expect(seenTokens.holdsPiece(valid.split('.')[2] as string)).toBe(true);
    expect(seenTokens.holdsPiece(expired.split('.')[2] as string)).toBe(true);
    expect(seenTokens.tokens).toEqual({ vouched: 2, unvouched: 0, sent: 0 });
    void jwt.shutdown();
  });

  test('a forged token whose claims are refused too is refused for its signature and remembered unvouched only', () => {
    // Vouching rests on the verifier's order: claims are judged only once the signature holds.
    const jwt = telemetry();
    const past = Math.floor(Date.now() / 1000) - 3600;
    const forged = [{ exp: past }, { aud: 'someone-else' }, { nbf: past + 7200 }].map((claims) =>
      forge({ sub: 'forged-claims', ...claims }),
    );
    for (const token of forged) {
      expect(jwt.verifier.verify(token)).toMatchObject({ status: 'invalid', code: 'invalid_signature' });
      extract(jwt.propagator, { authorization: `Bearer ${token}` });
    }
    expect(seenTokens.tokens).toEqual({ vouched: 0, unvouched: 3, sent: 0 });
    void jwt.shutdown();
  });

  test('an opaque access token, a forged token and garbage are remembered unvouched, so redaction finds them', () => {
    const jwt = telemetry();
    const opaque = 'ory_at_Zx8fK2pQ7vL1sN4tR9wY3bC6hJ0mD5gE';
    const forged = forge({ sub: 'forged' });
    const garbage = 'x7Kq'.repeat(100);
    for (const token of [opaque, forged, garbage])
      extract(jwt.propagator, { authorization: `Bearer ${token}` });
    for (const token of [opaque, forged, garbage]) expect(seenTokens.holdsPiece(token.slice(-20))).toBe(true);
    expect(seenTokens.tokens).toEqual({ vouched: 0, unvouched: 3, sent: 0 });
    void jwt.shutdown();
  });
});
