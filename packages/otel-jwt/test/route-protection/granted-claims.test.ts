import { describe, expect, test } from 'vitest';
import type { JwtClaims } from '../../src/index.js';
import { grantedRoles, grantedScopes } from '../../src/route-protection/granted-claims.js';

const claims = (members: Record<string, unknown>) =>
  Object.freeze({ iss: 'https://idp.test', exp: 2e9, ...members }) as JwtClaims;
const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('grantedScopes', () => {
  test('scope is split on spaces, empty parts dropped', () => {
    expect(sorted(grantedScopes(claims({ scope: '  b a  c ' })))).toEqual(['a', 'b', 'c']);
  });

  test('scope is split on the space character only (RFC 6749 §3.3), so a tab stays inside a scope', () => {
    expect(sorted(grantedScopes(claims({ scope: 'a\tb' })))).toEqual(['a\tb']);
  });

  test('scp is read without scope, as an array or a space-delimited string', () => {
    expect(sorted(grantedScopes(claims({ scp: ['x', 'y'] })))).toEqual(['x', 'y']);
    expect(sorted(grantedScopes(claims({ scp: 'y x' })))).toEqual(['x', 'y']);
  });

  test('a usable scope wins over scp; a scope of another type lets scp be read', () => {
    expect(sorted(grantedScopes(claims({ scope: 'a', scp: ['b'] })))).toEqual(['a']);
    expect(sorted(grantedScopes(claims({ scope: 7, scp: ['b'] })))).toEqual(['b']);
  });

  test('array items that are not strings grant nothing, and array items are not split', () => {
    expect(sorted(grantedScopes(claims({ scp: ['a b', 1, true, null, { c: 1 }, ['d']] })))).toEqual(['a b']);
  });

  test('no scope claim grants no scope', () => {
    expect(grantedScopes(claims({})).size).toBe(0);
  });

  test('a scope claim inherited from the prototype grants nothing', () => {
    const inherited = Object.create({ scope: 'admin' }) as JwtClaims;
    expect(grantedScopes(inherited).size).toBe(0);
  });

  test('a long scope list is read whole: no item limit as for telemetry', () => {
    const many = Array.from({ length: 500 }, (_, at) => `s${at}`);
    expect(grantedScopes(claims({ scope: many.join(' ') })).has('s499')).toBe(true);
  });
});

describe('grantedRoles', () => {
  test('an array claim gives its string items, a string claim one role', () => {
    expect(sorted(grantedRoles(claims({ roles: ['b', 'a', 3] }), 'roles'))).toEqual(['a', 'b']);
    expect(sorted(grantedRoles(claims({ roles: 'a b' }), 'roles'))).toEqual(['a b']);
  });

  test('the configured claim is read, and only it', () => {
    expect(sorted(grantedRoles(claims({ roles: ['a'], groups: ['g'] }), 'groups'))).toEqual(['g']);
  });

  test('a claim of another type, or one the token does not have, grants no role', () => {
    expect(grantedRoles(claims({ roles: { admin: true } }), 'roles').size).toBe(0);
    expect(grantedRoles(claims({}), 'toString').size).toBe(0);
  });
});
