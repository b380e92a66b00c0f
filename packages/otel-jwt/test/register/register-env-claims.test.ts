import { describe, expect, it } from 'vitest';
import { parseClaimMappings } from '../../src/register/register-env-claims.js';
import { expectVariableError } from '../support/register-env-fixtures.js';

const NAME = 'OTEL_JWT_CLAIMS';
const parse = (value: string) => parseClaimMappings({ [NAME]: value }, NAME);

describe('parseClaimMappings', () => {
  it('reads claim=key entries as plain mappings, spaces around the parts ignored', () => {
    expect(parse(' roles = user.roles , tenant=tenant.id ')).toEqual({
      roles: 'user.roles',
      tenant: 'tenant.id',
    });
  });

  it('reads every ClaimMapping option given after a semicolon', () => {
    expect(parse('scope=app.scopes; split=space; propagate=false; maxValueChars=64; maxItems=32')).toEqual({
      scope: { key: 'app.scopes', split: 'space', propagate: false, maxValueChars: 64, maxItems: 32 },
    });
  });

  it('is undefined when the variable is unset or empty', () => {
    expect(parseClaimMappings({}, NAME)).toBeUndefined();
    expect(parse('')).toBeUndefined();
  });

  const mistakes: [string, string, RegExp][] = [
    ['a claim without a key', 'roles', /entry 1 must be claim=key entries/],
    ['an empty key', 'roles=', /entry 1 must be claim=key/],
    ['an empty claim name', 'tenant=tenant.id,=user.roles', /entry 2 must be claim=key/],
    ['two equals signs', 'roles=user.roles=x', /entry 1 must be claim=key/],
    [
      'the same claim twice',
      'roles=user.roles,roles=app.roles',
      /entry 2 maps a claim that an earlier entry maps/,
    ],
    [
      'an unknown option',
      'scope=app.scopes;splt=space',
      /entry 1 has an unknown option; the options are propagate/,
    ],
    ['an option without a value', 'scope=app.scopes;split', /entry 1 must give its options as ;option=value/],
    ['an option given twice', 'scope=app.scopes;split=space;split=none', /gives the option split twice/],
    ['an unknown split', 'scope=app.scopes;split=comma', /entry 1: split must be none or space/],
    [
      'a propagate other than true or false',
      'scope=app.scopes;propagate=yes',
      /propagate must be true or false/,
    ],
    ['a limit that is not a number', 'roles=user.roles;maxItems=many', /maxItems must be a whole number/],
  ];
  for (const [what, value, fix] of mistakes) {
    it(`names OTEL_JWT_CLAIMS and the entry for ${what}`, () => {
      expectVariableError(() => parse(value), NAME, fix);
    });
  }
});
