import { describe, expect, test } from 'vitest';
import {
  ConfigurationError,
  expressRequireAuth,
  fastifyRequireAuth,
  nodeHttpRequireAuth,
  type RequireAuthConfig,
  requireAuth,
} from '../../src/index.js';
import { resolveRequirement } from '../../src/route-protection/require-auth-config.js';

/** Creating a guard from `config` throws a ConfigurationError that names `path` and matches `fix`. */
function expectRefused(config: unknown, path: string, fix: RegExp): void {
  let error: unknown;
  try {
    requireAuth(config as RequireAuthConfig);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).code).toBe('invalid_configuration');
  expect((error as ConfigurationError).message).toContain(path);
  expect((error as ConfigurationError).message).toMatch(fix);
}

describe('requireAuth configuration: defaults', () => {
  test('no configuration requires a verified token only: no scope, no role, no realm, Retry-After 30', () => {
    expect(resolveRequirement({}, 'requireAuth')).toEqual({
      scopes: [],
      roles: [],
      rolesClaim: 'roles',
      allow: undefined,
      realm: undefined,
      retryAfterSeconds: 30,
    });
  });

  test('every RFC 6749 scope-token character is accepted, and a realm of printable ASCII', () => {
    const nqchar = Array.from({ length: 0x7f - 0x21 }, (_, at) => String.fromCharCode(0x21 + at))
      .filter((char) => char !== '"' && char !== '\\')
      .join('');
    expect(resolveRequirement({ scopes: [nqchar], realm: ' !"~\\' }, 'requireAuth').scopes).toEqual([nqchar]);
  });
});

describe('requireAuth configuration: mistakes are refused at creation', () => {
  test('an unknown option, such as scope for scopes, names the options', () => {
    expectRefused({ scope: ['orders:read'] }, 'requireAuth', /unknown option "scope".*scopes, roles/);
  });

  test('a configuration that is not an object', () => {
    expectRefused(['orders:read'], 'requireAuth', /must be an object/);
  });

  test.each([
    ['an empty list', [], /non-empty array \(leave it out/],
    ['a string instead of a list', 'orders:read', /non-empty array/],
    ['an empty scope', [''], /RFC 6749 scope token/],
    ['a scope with a space (two scopes in one string)', ['orders:read orders:write'], /scope token/],
    ['a scope with a double quote', ['orders"read'], /scope token/],
    ['a scope with a backslash', ['orders\\read'], /scope token/],
    ['a scope with a control character', ['orders\nread'], /scope token/],
    ['a scope outside ASCII', ['commandes:lire-é'], /scope token/],
    ['a scope that is not a string', [42], /scope token/],
  ])('scopes: %s', (_name, scopes, fix) => {
    expectRefused({ scopes }, 'requireAuth.scopes', fix);
  });

  test.each([
    ['an empty list', [], /non-empty array/],
    ['an empty role', [''], /non-empty string without surrounding whitespace/],
    ['a role with surrounding whitespace', [' admin'], /without surrounding whitespace/],
    ['a role that is not a string', [7], /non-empty string/],
  ])('roles: %s', (_name, roles, fix) => {
    expectRefused({ roles }, 'requireAuth.roles', fix);
  });

  test('rolesClaim without roles has no effect, so it is refused', () => {
    expectRefused({ rolesClaim: 'groups' }, 'requireAuth.rolesClaim', /no effect without roles/);
  });

  test('rolesClaim must be a claim name', () => {
    expectRefused({ roles: ['a'], rolesClaim: '' }, 'requireAuth.rolesClaim', /claim name/);
    expectRefused({ roles: ['a'], rolesClaim: ['groups'] }, 'requireAuth.rolesClaim', /claim name/);
  });

  test('allow must be a function', () => {
    expectRefused({ allow: true }, 'requireAuth.allow', /must be a function/);
  });

  test.each([
    ['empty', ''],
    ['a line break (header injection)', 'orders\r\nSet-Cookie: a=b'],
    ['a tab', 'orders\tapi'],
    ['a NUL character', 'orders\u0000'],
    ['DEL', 'orders\u007f'],
    ['a character outside ASCII', 'commandes-é'],
    ['longer than 256 characters', 'r'.repeat(257)],
    ['not a string', 7],
  ])('realm: %s', (_name, realm) => {
    expectRefused({ realm }, 'requireAuth.realm', /1 to 256 printable ASCII characters/);
  });

  test.each([0, 3601, 1.5, '30', Number.NaN])(
    'retryAfterSeconds: %s is refused (an integer from 1 to 3600)',
    (retryAfterSeconds) => {
      expectRefused({ retryAfterSeconds }, 'requireAuth.retryAfterSeconds', /integer from 1 to 3600/);
    },
  );

  test('each adapter checks its configuration at creation and names itself', () => {
    for (const [make, name] of [
      [nodeHttpRequireAuth, 'nodeHttpRequireAuth'],
      [expressRequireAuth, 'expressRequireAuth'],
      [fastifyRequireAuth, 'fastifyRequireAuth'],
    ] as const) {
      expect(() => make({ scopes: [''] })).toThrow(ConfigurationError);
      expect(() => make({ realm: '\n' })).toThrow(`${name}.realm`);
    }
  });
});
