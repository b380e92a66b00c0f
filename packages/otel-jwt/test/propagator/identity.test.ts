import { afterAll, describe, expect, test } from 'vitest';
import { IdentityCache } from '../../src/propagator/identity.js';
import type { ValidResult } from '../../src/verifier/verify-result.js';
import {
  attributesOf,
  expectNoTokenPiece,
  identityOf,
  settingsOf,
  verified,
  verifier,
} from '../support/identity-fixtures.js';
import { ISSUER } from '../support/telemetry-fixtures.js';

afterAll(() => verifier.close());

describe('built-in attributes', () => {
  test('jwt.issuer is the configured issuer that accepted the token', () => {
    expect(attributesOf({})['jwt.issuer']).toBe(ISSUER);
  });

  test('jwt.client_id comes from client_id, before azp', () => {
    expect(attributesOf({ client_id: 'web', azp: 'other' })['jwt.client_id']).toBe('web');
  });

  test('jwt.client_id falls back to azp when client_id is missing, not a string or too long', () => {
    for (const client_id of [undefined, 42, '', 'c'.repeat(257)]) {
      expect(attributesOf({ client_id, azp: 'spa' })['jwt.client_id']).toBe('spa');
    }
    expect(attributesOf({})).not.toHaveProperty(['jwt.client_id']);
  });

  test.each([
    [
      'splits the space-delimited scope string',
      { scope: 'orders:read  orders:write' },
      ['orders:read', 'orders:write'],
    ],
    ['takes the scp array when there is no scope', { scp: ['a', 'b'] }, ['a', 'b']],
    [
      'falls back to scp when scope breaks a limit (more than 64 scopes)',
      { scope: Array.from({ length: 65 }, (_, i) => `s${i}`).join(' '), scp: ['fallback'] },
      ['fallback'],
    ],
  ])('jwt.scopes %s', (_label, claims, scopes) => {
    expect(attributesOf(claims)['jwt.scopes']).toEqual(scopes);
  });

  test('jwt.token_id is the jti when the token has one', () => {
    expect(attributesOf({ jti: 'token-123' })['jwt.token_id']).toBe('token-123');
  });

  test('jwt.token_id without jti is a 32-hex fingerprint holding no 16-char piece of the token', () => {
    const { identity, token, settings } = identityOf({ jti: undefined });
    const id = identity.attributes['jwt.token_id'];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(settings.keys.fingerprint(token));
    expectNoTokenPiece(identity, token);
  });

  test('a jti that is not a short string is replaced by a per-token fingerprint', () => {
    const ids = [7, '', 'j'.repeat(257)].map((jti) => attributesOf({ jti })['jwt.token_id']);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('subject and actors', () => {
  test('user.hash is the keyed pseudonym by default and user.id is not written', () => {
    const { identity, settings } = identityOf({ sub: 'alice' });
    expect(identity.attributes['user.hash']).toBe(settings.keys.pseudonym(ISSUER, 'alice'));
    expect(identity.attributes).not.toHaveProperty(['user.id']);
  });

  test("subject.onSpans 'raw' writes user.id and no user.hash", () => {
    const { identity } = identityOf({ sub: 'alice' }, { subject: { onSpans: 'raw' } });
    expect(identity.attributes['user.id']).toBe('alice');
    expect(identity.attributes).not.toHaveProperty(['user.hash']);
  });

  test('subjectDigest is the proof digest of (issuer, subject), and undefined without sub', () => {
    const { identity, settings } = identityOf({ sub: 'alice' });
    expect(identity.subjectDigest).toBe(settings.keys.subjectDigest(ISSUER, 'alice'));
    const anonymous = identityOf({ sub: undefined }).identity;
    expect(anonymous.subjectDigest).toBeUndefined();
    expect(anonymous.attributes).not.toHaveProperty(['user.hash']);
  });

  test('a nested act claim becomes a pseudonymised actor chain, current actor first', () => {
    const { identity, settings } = identityOf({ act: { sub: 'gateway', act: { sub: 'batch' } } });
    const p = (id: string) => settings.keys.pseudonym(ISSUER, id);
    expect(identity.attributes['jwt.actor_chain']).toEqual([p('gateway'), p('batch')]);
    expect(identity.delegated).toBe(true);
  });

  test("the actor chain is written raw with subject.onSpans 'raw'", () => {
    const act = { sub: 'gateway', act: { sub: 'batch' } };
    const { identity } = identityOf({ act }, { subject: { onSpans: 'raw' } });
    expect(identity.attributes['jwt.actor_chain']).toEqual(['gateway', 'batch']);
  });

  test('the actor chain stops after 8 actors', () => {
    let act: Record<string, unknown> | undefined;
    for (let depth = 10; depth >= 1; depth--) act = { sub: `actor-${depth}`, ...(act && { act }) };
    const { identity } = identityOf({ act }, { subject: { onSpans: 'raw' } });
    expect(identity.attributes['jwt.actor_chain']).toEqual(
      Array.from({ length: 8 }, (_, i) => `actor-${i + 1}`),
    );
  });

  test('the actor chain stops at the first malformed level', () => {
    const act = { sub: 'gateway', act: { sub: 42, act: { sub: 'hidden' } } };
    const { identity } = identityOf({ act }, { subject: { onSpans: 'raw' } });
    expect(identity.attributes['jwt.actor_chain']).toEqual(['gateway']);
  });

  test.each([
    ['a string', 'gateway'],
    ['an array', [{ sub: 'gateway' }]],
    ['an object without sub', { client_id: 'gateway' }],
  ])('an act claim that is %s gives no actor chain and no delegation', (_label, act) => {
    const { identity } = identityOf({ act });
    expect(identity.attributes).not.toHaveProperty(['jwt.actor_chain']);
    expect(identity.delegated).toBe(false);
  });
});

describe('the identity cache', () => {
  test('the same result object gives the same frozen Identity object', () => {
    const cache = new IdentityCache(settingsOf());
    const { token, result } = verified({});
    const first = cache.of(result, token);
    expect(cache.of(result, token)).toBe(first);
    expect(
      Object.isFrozen(first) && Object.isFrozen(first.attributes) && Object.isFrozen(first.baggage),
    ).toBe(true);
  });

  test('a repeated token verified again hits the verified cache and so the same Identity', () => {
    const cache = new IdentityCache(settingsOf());
    const { token, result } = verified({});
    expect(cache.of(verifier.verify(token) as ValidResult, token)).toBe(cache.of(result, token));
  });

  test('different result objects give different identities', () => {
    const cache = new IdentityCache(settingsOf());
    const one = verified({ sub: 'alice' });
    const two = verified({ sub: 'bob' });
    expect(cache.of(one.result, one.token)).not.toBe(cache.of(two.result, two.token));
  });
});
