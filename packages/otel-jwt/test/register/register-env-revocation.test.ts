import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { registerTelemetryConfig } from '../../src/register/register-env.js';
import type { Env } from '../../src/register/register-env-values.js';
import type { JwtVerifierConfig, TrustedIssuerConfig } from '../../src/verifier/verifier-config.js';
import { expectVariableError, REQUIRED_ENV, registerFiles } from '../support/register-env-fixtures.js';

const files = registerFiles();
afterAll(() => files.remove());

const CLIENT_SECRET = 'introspection client secret, printable';
const SECRET_FILE = files.write('client-secret', `${CLIENT_SECRET}\n`);
const INTROSPECTION: Env = {
  OTEL_JWT_INTROSPECTION_ENDPOINT: 'https://idp.example/introspect',
  OTEL_JWT_INTROSPECTION_CLIENT_ID: 'orders',
  OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE: SECRET_FILE,
};

const config = (env: Env) => registerTelemetryConfig({ ...REQUIRED_ENV, ...env });
const verifier = (env: Env) => config(env).verifier as JwtVerifierConfig;
const issuer = (env: Env) => verifier(env).issuers[0] as TrustedIssuerConfig;

describe('registerTelemetryConfig revocation variables', () => {
  it('sets the subject claim of the issuer from OTEL_JWT_SUBJECT_CLAIM', () => {
    expect(issuer({ OTEL_JWT_SUBJECT_CLAIM: 'oid' }).subjectClaim).toBe('oid');
  });

  it('turns status lists on with their mode, allowed URIs and unavailability outcome', () => {
    expect(
      issuer({
        OTEL_JWT_STATUS_LIST: 'Required',
        OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://idp.example/lists/, https://lists.example/',
        OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE: 'accept',
      }).statusList,
    ).toEqual({
      mode: 'required',
      allowedUris: ['https://idp.example/lists/', 'https://lists.example/'],
      whenUnavailable: 'accept',
    });
    expect(
      issuer({
        OTEL_JWT_STATUS_LIST: 'when-present',
        OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://a.example/',
      }).statusList,
    ).toEqual({ mode: 'when-present', allowedUris: ['https://a.example/'] });
  });

  it('leaves status lists off with OTEL_JWT_STATUS_LIST=off, as when it is unset', () => {
    expect(config({ OTEL_JWT_STATUS_LIST: 'off' })).toEqual(registerTelemetryConfig(REQUIRED_ENV));
  });

  it('configures the deny-list document from OTEL_JWT_DENY_LIST_URL and its two refinements', () => {
    expect(verifier({ OTEL_JWT_DENY_LIST_URL: 'https://revocations.internal/denied.json' }).denyList).toEqual(
      {
        url: 'https://revocations.internal/denied.json',
      },
    );
    expect(
      verifier({
        OTEL_JWT_DENY_LIST_URL: 'https://revocations.internal/denied.json',
        OTEL_JWT_DENY_LIST_REFRESH_SECONDS: '10',
        OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE: 'ACCEPT',
      }).denyList,
    ).toEqual({
      url: 'https://revocations.internal/denied.json',
      refreshSeconds: 10,
      whenUnavailable: 'accept',
    });
  });

  it('configures introspection from the endpoint, the client id and the secret file, without its final line break', () => {
    expect(
      issuer({ ...INTROSPECTION, OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: '30' }).introspection,
    ).toEqual({
      endpoint: 'https://idp.example/introspect',
      client: { id: 'orders', secret: CLIENT_SECRET },
      maxCacheSeconds: 30,
    });
  });

  it('names exactly the missing variables of any partial introspection set', () => {
    const names = Object.keys(INTROSPECTION);
    fc.assert(
      fc.property(fc.subarray(names, { minLength: 1, maxLength: 2 }), (given) => {
        const env = Object.fromEntries(given.map((name) => [name, INTROSPECTION[name]]));
        const missing = names.filter((name) => !given.includes(name));
        expectVariableError(() => config(env), missing.join(' and '), /required too: introspection takes/, [
          CLIENT_SECRET,
        ]);
      }),
    );
  });
});

describe('registerTelemetryConfig revocation mistakes', () => {
  const cases: [string, Env, string, RegExp][] = [
    [
      'an unknown status list mode',
      { OTEL_JWT_STATUS_LIST: 'on' },
      'OTEL_JWT_STATUS_LIST',
      /off, when-present, required/,
    ],
    [
      'a status list mode without allowed URIs',
      { OTEL_JWT_STATUS_LIST: 'required' },
      'OTEL_JWT_STATUS_LIST_ALLOWED_URIS',
      /is required when OTEL_JWT_STATUS_LIST is required: the URL prefixes/,
    ],
    [
      'allowed URIs while status lists are off',
      { OTEL_JWT_STATUS_LIST: 'off', OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://idp.example/lists/' },
      'OTEL_JWT_STATUS_LIST_ALLOWED_URIS',
      /is set while OTEL_JWT_STATUS_LIST is off/,
    ],
    [
      'an unavailability outcome while status lists are unset',
      { OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE: 'accept' },
      'OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE',
      /is set while OTEL_JWT_STATUS_LIST is off/,
    ],
    [
      'an unknown status list unavailability outcome',
      {
        OTEL_JWT_STATUS_LIST: 'when-present',
        OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://a.example/',
        OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE: 'ignore',
      },
      'OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE',
      /refuse, accept/,
    ],
    [
      'an empty allowed URI',
      { OTEL_JWT_STATUS_LIST: 'when-present', OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://a.example/,' },
      'OTEL_JWT_STATUS_LIST_ALLOWED_URIS',
      /without empty items/,
    ],
    [
      'a deny-list refresh without a deny-list URL',
      { OTEL_JWT_DENY_LIST_REFRESH_SECONDS: '10' },
      'OTEL_JWT_DENY_LIST_REFRESH_SECONDS',
      /is set without OTEL_JWT_DENY_LIST_URL/,
    ],
    [
      'a deny-list unavailability outcome without a deny-list URL',
      { OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE: 'refuse' },
      'OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE',
      /is set without OTEL_JWT_DENY_LIST_URL/,
    ],
    [
      'a deny-list refresh with a unit',
      { OTEL_JWT_DENY_LIST_URL: 'https://r.example/d.json', OTEL_JWT_DENY_LIST_REFRESH_SECONDS: '30s' },
      'OTEL_JWT_DENY_LIST_REFRESH_SECONDS',
      /decimal/,
    ],
    [
      'an unknown deny-list unavailability outcome',
      { OTEL_JWT_DENY_LIST_URL: 'https://r.example/d.json', OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE: 'allow' },
      'OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE',
      /refuse, accept/,
    ],
    [
      'an introspection cache time without introspection',
      { OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: '30' },
      'OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS',
      /is set without OTEL_JWT_INTROSPECTION_ENDPOINT/,
    ],
    [
      'an introspection cache time in minutes',
      { ...INTROSPECTION, OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: '1m' },
      'OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS',
      /decimal/,
    ],
    [
      'introspection with the admission step off',
      { ...INTROSPECTION, OTEL_JWT_ADMISSION: 'off' },
      'OTEL_JWT_INTROSPECTION_ENDPOINT',
      /is set while OTEL_JWT_ADMISSION is off: only the admission step introspects/,
    ],
  ];
  for (const [what, env, variable, fix] of cases) {
    it(`names ${variable} for ${what}`, () => {
      expectVariableError(() => config(env), variable, fix, [CLIENT_SECRET]);
    });
  }

  it('takes the client secret only from a file, pointing a plain variable to the _FILE one without quoting it', () => {
    expectVariableError(
      () => config({ ...INTROSPECTION, OTEL_JWT_INTROSPECTION_CLIENT_SECRET: CLIENT_SECRET }),
      'OTEL_JWT_INTROSPECTION_CLIENT_SECRET',
      /did you mean OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE\?/,
      [CLIENT_SECRET],
    );
  });
});
