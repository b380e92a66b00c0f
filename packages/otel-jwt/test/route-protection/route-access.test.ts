import { afterEach, describe, expect, test } from 'vitest';
import { requireAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { resolveRequirement } from '../../src/route-protection/require-auth-config.js';
import { quoted, refusalsOf } from '../../src/route-protection/route-access.js';
import { forge, mint } from '../support/telemetry-fixtures.js';
import { authOf, refused, withToken } from './guard-fixtures.js';

afterEach(() => seenTokens.clear());

describe('quoted strings (RFC 7230)', () => {
  test('plain text is wrapped in double quotes as it is', () => {
    expect(quoted('orders api')).toBe('"orders api"');
  });

  test('a double quote and a backslash are escaped with a backslash, nothing else is', () => {
    expect(quoted('a"b\\c\'d')).toBe('"a\\"b\\\\c\'d"');
  });
});

describe('requireAuth: the realm as a quoted string', () => {
  test('a realm with quotes and backslashes is escaped (RFC 7230 quoted-pair)', () => {
    const guard = requireAuth({ realm: 'shop "eu" \\ orders' });
    expect(refused(guard(authOf({}))).headers['www-authenticate']).toBe(
      'Bearer realm="shop \\"eu\\" \\\\ orders"',
    );
  });

  test('the realm comes first in every challenge', () => {
    const guard = requireAuth({ realm: 'r', scopes: ['s'] });
    for (const auth of [
      authOf({}),
      withToken(forge()),
      authOf({ authorization: 'Bearer' }),
      withToken(mint()),
    ]) {
      expect(refused(guard(auth)).headers['www-authenticate']).toMatch(/^Bearer realm="r"(, |$)/);
    }
  });
});

describe('the refusals of a guard', () => {
  test('each reason has its status; only 400, 401 and 403 carry a challenge, only 503 a Retry-After', () => {
    const refusals = refusalsOf(resolveRequirement({ scopes: ['a'] }, 'requireAuth'));
    const shape = Object.values(refusals).map((refusal) => [
      refusal.reason,
      refusal.statusCode,
      Object.keys(refusal.headers).sort().join(' '),
    ]);
    expect(shape).toEqual([
      ['no_token', 401, 'content-type www-authenticate'],
      ['invalid_token', 401, 'content-type www-authenticate'],
      ['invalid_request', 400, 'content-type www-authenticate'],
      ['keys_unavailable', 503, 'content-type retry-after'],
      ['insufficient_scope', 403, 'content-type www-authenticate'],
      ['missing_role', 403, 'content-type www-authenticate'],
      ['not_allowed', 403, 'content-type www-authenticate'],
      ['not_instrumented', 500, 'content-type'],
    ]);
  });

  test('without a realm, every challenge but the bare one starts with its error', () => {
    const refusals = refusalsOf(resolveRequirement({}, 'requireAuth'));
    expect(refusals.no_token.headers['www-authenticate']).toBe('Bearer');
    expect(refusals.invalid_token.headers['www-authenticate']).toBe(
      'Bearer error="invalid_token", error_description="The access token is not valid"',
    );
  });

  test('the bodies are constant JSON naming the challenge error', () => {
    const refusals = refusalsOf(resolveRequirement({}, 'requireAuth'));
    expect(Object.values(refusals).map((refusal) => JSON.parse(refusal.body).error)).toEqual([
      'unauthorized',
      'invalid_token',
      'invalid_request',
      'temporarily_unavailable',
      'insufficient_scope',
      'insufficient_scope',
      'insufficient_scope',
      'server_error',
    ]);
  });
});
