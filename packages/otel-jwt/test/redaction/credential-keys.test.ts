import { describe, expect, test } from 'vitest';
import {
  CREDENTIAL_KEY_NAMES,
  credentialKeyMatcher,
  credentialName,
} from '../../src/redaction/credential-keys.js';

const builtIn = credentialKeyMatcher([], undefined);

describe('built-in credential keys', () => {
  test('matches header attributes of both directions and any spelling', () => {
    for (const key of [
      'http.request.header.authorization',
      'http.request.header.cookie',
      'http.response.header.set-cookie',
      'http.request.header.proxy-authorization',
      'http.request.header.x-api-key',
      'Authorization',
      'rpc.grpc.request.metadata.authorization',
      'app.refresh_token',
      'X_API_KEY',
    ]) {
      expect(builtIn(key), key).toBe(true);
    }
  });

  test('matches names ending in -token, -secret, -password or -api-key', () => {
    for (const key of [
      'http.request.header.x-auth-token',
      'db.admin_password',
      'x-amz-security-token',
      'cfg.stripe-api-key',
    ]) {
      expect(builtIn(key), key).toBe(true);
    }
  });

  test('every listed name matches itself', () => {
    for (const name of CREDENTIAL_KEY_NAMES) expect(builtIn(name), name).toBe(true);
  });

  test('leaves otel-jwt attributes and common semantic-convention keys alone', () => {
    for (const key of [
      'jwt.result',
      'jwt.token_id',
      'jwt.subject.verdict',
      'user.hash',
      'user.id',
      'http.request.method',
      'url.full',
      'url.query',
      'http.request.header.content-type',
      'gen_ai.usage.input_tokens',
      'session.id',
      'exception.message',
    ]) {
      expect(builtIn(key), key).toBe(false);
    }
  });

  test('the name of a key is its last part, lower case, with underscores as dashes', () => {
    expect(credentialName('http.request.header.X_Api_Key')).toBe('x-api-key');
  });
});

describe('additions', () => {
  test('extra names extend the built-in ones and are compared the same way', () => {
    const matcher = credentialKeyMatcher(['X_Tenant_Secret_V2'], undefined);
    expect(matcher('http.request.header.x-tenant-secret-v2')).toBe(true);
    expect(matcher('http.request.header.authorization')).toBe(true);
  });

  test('a predicate adds keys a list cannot name', () => {
    const matcher = credentialKeyMatcher([], (key) => key.startsWith('vault.'));
    expect(matcher('vault.lease')).toBe(true);
    expect(matcher('orders.count')).toBe(false);
  });

  test('a predicate cannot take a built-in key away', () => {
    const matcher = credentialKeyMatcher([], () => false);
    expect(matcher('http.request.header.authorization')).toBe(true);
  });

  test('a predicate that throws counts as a match', () => {
    const matcher = credentialKeyMatcher([], () => {
      throw new Error('broken predicate');
    });
    expect(matcher('orders.count')).toBe(true);
  });

  test('the predicate is asked once per key', () => {
    let calls = 0;
    const matcher = credentialKeyMatcher([], () => {
      calls++;
      return false;
    });
    for (let i = 0; i < 100; i++) matcher('orders.count');
    expect(calls).toBe(1);
  });

  test('decisions stay correct after the key cache fills up and is cleared', () => {
    const matcher = credentialKeyMatcher([], undefined);
    for (let i = 0; i < 10_000; i++) matcher(`app.key_${i}`);
    expect(matcher('http.request.header.authorization')).toBe(true);
    expect(matcher('app.key_1')).toBe(false);
  });
});
