import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { resolveClaimRules } from '../../src/propagator/claim-rules.js';

function rejection(claims: unknown): ConfigurationError {
  try {
    resolveClaimRules(claims);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('invalid_configuration');
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolved claim rules', () => {
  test('no claims configured resolves to no rules', () => {
    expect(resolveClaimRules(undefined)).toEqual([]);
    expect(resolveClaimRules({})).toEqual([]);
  });

  test('a string mapping takes the defaults: propagated, 128 chars, 16 items, no split', () => {
    expect(resolveClaimRules({ roles: 'user.roles' })).toEqual([
      {
        claim: 'roles',
        key: 'user.roles',
        propagate: true,
        maxValueChars: 128,
        maxItems: 16,
        splitSpaces: false,
      },
    ]);
  });

  test('an object mapping sets every option', () => {
    const rules = resolveClaimRules({
      groups: { key: 'app.groups', propagate: false, maxValueChars: 1024, maxItems: 64, split: 'space' },
    });
    expect(rules).toEqual([
      {
        claim: 'groups',
        key: 'app.groups',
        propagate: false,
        maxValueChars: 1024,
        maxItems: 64,
        splitSpaces: true,
      },
    ]);
  });

  test('rules keep the configuration order', () => {
    const rules = resolveClaimRules({
      tenant: 'tenant.id',
      roles: 'user.roles',
      'https://x.test/org': 'org',
    });
    expect(rules.map((rule) => rule.claim)).toEqual(['tenant', 'roles', 'https://x.test/org']);
  });

  test('keys may use every W3C token character and other user. names', () => {
    const keys = ["a!#$%&'*+-.^_`|~Z9", 'user.roles', 'user.idp', 'jwtish', 'user.identity'];
    const rules = resolveClaimRules(Object.fromEntries(keys.map((key, index) => [`c${index}`, key])));
    expect(rules.map((rule) => rule.key)).toEqual(keys);
  });

  test('the smallest limits (1 char, 1 item) are accepted', () => {
    const [rule] = resolveClaimRules({ roles: { key: 'user.roles', maxValueChars: 1, maxItems: 1 } });
    expect([rule?.maxValueChars, rule?.maxItems]).toEqual([1, 1]);
  });
});

describe('claim configuration mistakes', () => {
  test.each([
    ['null', null],
    ['an array', [['roles', 'user.roles']]],
    ['a string', 'roles=user.roles'],
    ['a number', 1],
  ])('claims given as %s throws naming claims', (_label, claims) => {
    expect(rejection(claims).message).toMatch(/^claims must be an object/);
  });

  test.each(['jwt.result', 'jwt.', 'jwt.custom', 'user.id', 'user.hash'])(
    'mapping to the reserved key %s throws naming the claim path',
    (key) => {
      const message = rejection({ roles: key }).message;
      expect(message).toContain('claims.roles');
      expect(message).toMatch(/outside the jwt\. namespace and other than user\.id and user\.hash/);
    },
  );

  test.each(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat'])(
    'mapping the registered claim %s throws naming the claim path',
    (claim) => {
      const message = rejection({ [claim]: 'app.value' }).message;
      expect(message).toContain(`claims.${claim}:`);
      expect(message).toMatch(/registered claims/);
    },
  );

  test('an empty claim name throws as a registered-claim mistake', () => {
    expect(rejection({ '': 'app.value' }).message).toMatch(/^claims\.: registered claims/);
  });

  test.each([
    ['an empty key', ''],
    ['a key with a space', 'user roles'],
    ['a key with a comma', 'user,roles'],
    ['a key with =', 'user=roles'],
    ['a key with a slash', 'tenant/id'],
    ['a non-ASCII key', 'rôles'],
  ])('%s throws naming the claim path', (_label, key) => {
    expect(rejection({ roles: key }).message).toMatch(/^claims\.roles must map to a key of letters/);
  });

  test.each([
    ['a number', 5],
    ['null', null],
    ['an array', ['user.roles']],
    ['true', true],
  ])('a mapping that is %s throws naming the claim path', (_label, mapping) => {
    expect(rejection({ roles: mapping }).message).toMatch(/^claims\.roles (must be an object|must map to)/);
  });

  test('an object mapping without key throws naming the claim path', () => {
    expect(rejection({ roles: { propagate: false } }).message).toMatch(/^claims\.roles must map to a key/);
  });

  test('a non-string key in an object mapping throws naming the claim path', () => {
    expect(rejection({ roles: { key: 7 } }).message).toMatch(/^claims\.roles must map to a key/);
  });

  test('two claims mapped to the same key throw naming the second claim and the key', () => {
    const message = rejection({ roles: 'user.roles', groups: { key: 'user.roles' } }).message;
    expect(message).toBe('claims.groups maps to key "user.roles" that another claim already uses');
  });

  test.each([
    ['propagate', 'yes', 'claims.roles.propagate must be true or false'],
    ['propagate', 1, 'claims.roles.propagate must be true or false'],
    ['split', 'comma', 'claims.roles.split must be "none" or "space"'],
    ['split', true, 'claims.roles.split must be "none" or "space"'],
    ['maxValueChars', 0, 'claims.roles.maxValueChars must be an integer from 1 to 1024'],
    ['maxValueChars', 1025, 'claims.roles.maxValueChars must be an integer from 1 to 1024'],
    ['maxValueChars', 2.5, 'claims.roles.maxValueChars must be an integer from 1 to 1024'],
    ['maxValueChars', '128', 'claims.roles.maxValueChars must be an integer from 1 to 1024'],
    ['maxValueChars', Number.NaN, 'claims.roles.maxValueChars must be an integer from 1 to 1024'],
    ['maxItems', 0, 'claims.roles.maxItems must be an integer from 1 to 64'],
    ['maxItems', 65, 'claims.roles.maxItems must be an integer from 1 to 64'],
    ['maxItems', Number.POSITIVE_INFINITY, 'claims.roles.maxItems must be an integer from 1 to 64'],
  ])('the option %s set to %j throws with its path', (option, value, expected) => {
    expect(rejection({ roles: { key: 'user.roles', [option]: value } }).message).toBe(expected);
  });

  test('an unknown option in a mapping throws naming the claim and the option', () => {
    const message = rejection({ roles: { key: 'user.roles', maxLength: 10 } }).message;
    expect(message).toContain('claims.roles has an unknown option "maxLength"');
    expect(message).toContain('key, propagate, maxValueChars, maxItems, split');
  });

  test('the path of a later claim names that claim, not the first', () => {
    expect(rejection({ roles: 'user.roles', tenant: { key: 'tenant.id', split: 'x' } }).message).toMatch(
      /^claims\.tenant\.split/,
    );
  });
});
