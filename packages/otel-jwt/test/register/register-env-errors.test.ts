import { afterAll, describe, expect, it } from 'vitest';
import { registerTelemetryConfig } from '../../src/register/register-env.js';
import type { Env } from '../../src/register/register-env-values.js';
import {
  expectVariableError,
  REGISTER_SECRET,
  REQUIRED_ENV,
  registerFiles,
} from '../support/register-env-fixtures.js';

const files = registerFiles();
afterAll(() => files.remove());
const NOT_JSON = files.write('not-json', 'keys, but not JSON');

const config = (env: Env) => registerTelemetryConfig({ ...REQUIRED_ENV, ...env });

describe('registerTelemetryConfig mistakes', () => {
  const cases: [string, Env, string, RegExp][] = [
    ['a missing issuer', { OTEL_JWT_ISSUER: undefined }, 'OTEL_JWT_ISSUER', /is required/],
    ['a blank issuer', { OTEL_JWT_ISSUER: '   ' }, 'OTEL_JWT_ISSUER', /is required/],
    ['a missing audience', { OTEL_JWT_AUDIENCE: undefined }, 'OTEL_JWT_AUDIENCE', /is required/],
    [
      'an empty list item',
      { OTEL_JWT_AUDIENCE: 'orders,,billing' },
      'OTEL_JWT_AUDIENCE',
      /without empty items/,
    ],
    ['a trailing comma', { OTEL_JWT_ALGORITHMS: 'ES256,' }, 'OTEL_JWT_ALGORITHMS', /without empty items/],
    [
      'both HMAC key variables',
      { OTEL_JWT_HMAC_KEY: REGISTER_SECRET, OTEL_JWT_HMAC_KEY_FILE: NOT_JSON },
      'OTEL_JWT_HMAC_KEY',
      /OTEL_JWT_HMAC_KEY_FILE are both set/,
    ],
    [
      'an unreadable HMAC key file',
      { OTEL_JWT_HMAC_KEY_FILE: '/nonexistent/otel-jwt/hmac-key' },
      'OTEL_JWT_HMAC_KEY_FILE',
      /cannot be read \(ENOENT\)/,
    ],
    [
      'both key variables',
      { OTEL_JWT_JWKS_URI: 'https://idp.example/jwks', OTEL_JWT_JWKS_FILE: NOT_JSON },
      'OTEL_JWT_JWKS_URI',
      /OTEL_JWT_JWKS_FILE are both set/,
    ],
    ['a JWKS file that is not JSON', { OTEL_JWT_JWKS_FILE: NOT_JSON }, 'OTEL_JWT_JWKS_FILE', /not JSON/],
    [
      'a number with a unit',
      { OTEL_JWT_CLOCK_TOLERANCE_SECONDS: '30s' },
      'OTEL_JWT_CLOCK_TOLERANCE_SECONDS',
      /decimal/,
    ],
    [
      'a negative number',
      { OTEL_JWT_MAX_TOKEN_BYTES: '-1' },
      'OTEL_JWT_MAX_TOKEN_BYTES',
      /non-negative decimal/,
    ],
    ['an exponent', { OTEL_JWT_CACHE_MAX_ENTRIES: '1e3' }, 'OTEL_JWT_CACHE_MAX_ENTRIES', /decimal number/],
    ['a hexadecimal number', { OTEL_JWT_COOLDOWN_SECONDS: '0x10' }, 'OTEL_JWT_COOLDOWN_SECONDS', /decimal/],
    [
      'an unknown choice',
      { OTEL_JWT_SUBJECT_ON_SPANS: 'hashed' },
      'OTEL_JWT_SUBJECT_ON_SPANS',
      /pseudonym, raw/,
    ],
    ['an unknown type rule', { OTEL_JWT_MISSING_TYPE: 'ignore' }, 'OTEL_JWT_MISSING_TYPE', /accept, reject/],
    [
      'an unknown token source',
      { OTEL_JWT_TOKEN_SOURCES: 'bearer' },
      'OTEL_JWT_TOKEN_SOURCES',
      /entry 1 must be/,
    ],
    [
      'a header source without a name',
      { OTEL_JWT_TOKEN_SOURCES: 'authorization,header:' },
      'OTEL_JWT_TOKEN_SOURCES',
      /entry 2/,
    ],
    ['a claim without a key', { OTEL_JWT_CLAIMS: 'roles' }, 'OTEL_JWT_CLAIMS', /entry 1 must be claim=key/],
  ];
  for (const [what, env, variable, fix] of cases) {
    it(`names ${variable} for ${what}`, () => {
      // The secret rides along (where it is not the mistake) to show no message repeats it.
      const secret = 'OTEL_JWT_HMAC_KEY_FILE' in env ? {} : { OTEL_JWT_HMAC_KEY: REGISTER_SECRET };
      expectVariableError(() => config({ ...secret, ...env }), variable, fix);
    });
  }

  it('refuses a misspelled OTEL_JWT_ variable instead of keeping the default, suggesting the known name', () => {
    const run = (name: string) => () => config({ [name]: '5' });
    expectVariableError(
      run('OTEL_JWT_CLOCK_TOLERANCE'),
      'OTEL_JWT_CLOCK_TOLERANCE',
      /did you mean OTEL_JWT_CLOCK_TOLERANCE_SECONDS\?/,
    );
    expectVariableError(run('OTEL_JWT_ISSUR'), 'OTEL_JWT_ISSUR', /did you mean OTEL_JWT_ISSUER\?/);
    expectVariableError(
      run('OTEL_JWT_HMAC_SECRET'),
      'OTEL_JWT_HMAC_SECRET',
      /did you mean OTEL_JWT_HMAC_KEY\?/,
    );
    expectVariableError(
      run('OTEL_JWT_SAMPLING'),
      'OTEL_JWT_SAMPLING',
      /is not a setting of otel-jwt\/register;/,
    );
  });

  it('never repeats the value of an unknown variable, which may be a secret put under a wrong name', () => {
    expectVariableError(() => config({ OTEL_JWT_HMAC: REGISTER_SECRET }), 'OTEL_JWT_HMAC', /not a setting/);
  });

  it('ignores an unknown OTEL_JWT_ variable that is empty, as it would an unset one', () => {
    expect(config({ OTEL_JWT_LEFTOVER: '' })).toEqual(registerTelemetryConfig(REQUIRED_ENV));
  });
});
