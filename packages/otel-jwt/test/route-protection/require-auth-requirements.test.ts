import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import { requireAuth } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { mint } from '../support/telemetry-fixtures.js';
import { JSON_TYPE, refused, warnings, withToken } from './guard-fixtures.js';

// What a verified token must hold: every scope, every role, then the predicate.

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

describe('requireAuth: scopes, all of them', () => {
  const guard = requireAuth({ realm: 'orders', scopes: ['orders:read', 'orders:write'] });
  const insufficient = {
    allowed: false,
    reason: 'insufficient_scope',
    statusCode: 403,
    headers: {
      'content-type': JSON_TYPE,
      'www-authenticate':
        'Bearer realm="orders", error="insufficient_scope", error_description="The access token lacks a required scope", scope="orders:read orders:write"',
    },
    body: '{"error":"insufficient_scope"}',
  };

  test('every required scope in the space-delimited scope claim is allowed, in any order and with extra spaces', () => {
    expect(guard(withToken(mint({ scope: ' orders:write  profile orders:read' }))).allowed).toBe(true);
  });

  test('a missing scope is 403 insufficient_scope listing every required scope, in configuration order', () => {
    expect(refused(guard(withToken(mint({ scope: 'orders:read' }))))).toEqual(insufficient);
  });

  test('no scope claim at all is 403 insufficient_scope', () => {
    expect(refused(guard(withToken(mint())))).toEqual(insufficient);
  });

  test('scp is read when there is no scope claim: as an array or as a space-delimited string', () => {
    expect(guard(withToken(mint({ scp: ['orders:read', 'orders:write'] }))).allowed).toBe(true);
    expect(guard(withToken(mint({ scp: 'orders:write orders:read' }))).allowed).toBe(true);
  });

  test('scope wins over scp, as for jwt.scopes: scp does not add to a scope claim', () => {
    const token = mint({ scope: 'orders:read', scp: ['orders:write'] });
    expect(refused(guard(withToken(token))).reason).toBe('insufficient_scope');
  });

  test('scopes are compared exactly: another case is another scope', () => {
    expect(refused(guard(withToken(mint({ scope: 'Orders:Read orders:write' })))).reason).toBe(
      'insufficient_scope',
    );
  });

  test('array items that are not strings grant nothing', () => {
    const token = mint({ scp: ['orders:read', { 'orders:write': true }, 7] });
    expect(refused(guard(withToken(token))).reason).toBe('insufficient_scope');
  });

  test('repeated scopes in the configuration are listed once', () => {
    const once = requireAuth({ scopes: ['a', 'a'] });
    expect(refused(once(withToken(mint()))).headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="a"',
    );
  });
});

describe('requireAuth: roles, all of them, and the predicate', () => {
  const forbidden =
    'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not grant access to this resource"';

  test('every required role in the roles claim is allowed', () => {
    const guard = requireAuth({ roles: ['clerk', 'refunds'] });
    expect(guard(withToken(mint({ roles: ['refunds', 'viewer', 'clerk'] }))).allowed).toBe(true);
  });

  test('a missing role is 403 insufficient_scope without a scope attribute', () => {
    const guard = requireAuth({ realm: 'orders', roles: ['clerk', 'refunds'] });
    const access = refused(guard(withToken(mint({ roles: ['clerk'] }))));
    expect([access.reason, access.statusCode, access.headers['www-authenticate']]).toEqual([
      'missing_role',
      403,
      forbidden,
    ]);
    expect(access.body).toBe('{"error":"insufficient_scope"}');
  });

  test('a string roles claim is one role, never split', () => {
    const guard = requireAuth({ roles: ['clerk'] });
    expect(guard(withToken(mint({ roles: 'clerk' }))).allowed).toBe(true);
    expect(refused(guard(withToken(mint({ roles: 'clerk refunds' })))).reason).toBe('missing_role');
  });

  test('rolesClaim names another top-level claim; the roles claim is then not read', () => {
    const guard = requireAuth({ roles: ['clerk'], rolesClaim: 'groups' });
    expect(guard(withToken(mint({ groups: ['clerk'] }))).allowed).toBe(true);
    expect(refused(guard(withToken(mint({ roles: ['clerk'] })))).reason).toBe('missing_role');
  });

  test('a claim name that only Object.prototype has grants nothing', () => {
    const guard = requireAuth({ roles: ['function Object() { [native code] }'], rolesClaim: 'constructor' });
    expect(refused(guard(withToken(mint()))).reason).toBe('missing_role');
  });

  test('a missing scope is reported before a missing role', () => {
    const guard = requireAuth({ scopes: ['orders:read'], roles: ['clerk'] });
    expect(refused(guard(withToken(mint()))).reason).toBe('insufficient_scope');
  });

  test('the predicate sees the verified claims once scopes and roles hold, and only true allows', () => {
    const seen: unknown[] = [];
    const guard = requireAuth({
      realm: 'orders',
      roles: ['clerk'],
      allow: (claims) => {
        seen.push(claims.tenant);
        return claims.tenant === 'shop' ? true : ((claims.tenant === 'truthy' ? 1 : false) as boolean);
      },
    });
    expect(guard(withToken(mint({ roles: ['clerk'], tenant: 'shop' }))).allowed).toBe(true);
    const truthy = refused(guard(withToken(mint({ roles: ['clerk'], tenant: 'truthy' }))));
    expect([truthy.reason, truthy.headers['www-authenticate']]).toEqual(['not_allowed', forbidden]);
    expect(refused(guard(withToken(mint({ tenant: 'shop' })))).reason).toBe('missing_role');
    expect(seen).toEqual(['shop', 'truthy']);
  });

  test('a predicate that throws refuses with 403 and is reported once, without its error message', () => {
    const logged = warnings();
    const guard = requireAuth({
      allow: (claims) => {
        throw new Error(`no tenant for ${String(claims.sub)}`);
      },
    });
    expect(refused(guard(withToken(mint({ sub: 'carol-the-subject' })))).reason).toBe('not_allowed');
    expect(refused(guard(withToken(mint()))).statusCode).toBe(403);
    expect(logged).toEqual([
      'otel-jwt: the allow predicate of requireAuth threw; such requests are refused with 403',
    ]);
  });
});
