import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTER_VARIABLES, registerTelemetryConfig } from '../../src/register/register-env.js';
import type { Env } from '../../src/register/register-env-values.js';
import { REGISTER_SECRET, REQUIRED_ENV, registerFiles } from '../support/register-env-fixtures.js';

const files = registerFiles();
afterAll(() => files.remove());

const REQUIRED_ENV_ISSUER = { issuer: 'https://idp.example', audience: ['orders'] };
const CLIENT_SECRET_FILE = files.write('client-secret', 'introspection-secret\n');
const config = (env: Env) => registerTelemetryConfig({ ...REQUIRED_ENV, ...env });

/** Every variable but the `*_FILE` alternatives, which the tests below cover (the client secret has no other). */
const ALL: Env = {
  OTEL_JWT_ISSUER: 'https://idp.example',
  OTEL_JWT_AUDIENCE: 'orders, billing',
  OTEL_JWT_JWKS_URI: 'https://idp.example/jwks',
  OTEL_JWT_ALGORITHMS: 'ES256,RS256',
  OTEL_JWT_ACCEPTED_TYPES: 'JWT',
  OTEL_JWT_MISSING_TYPE: 'reject',
  OTEL_JWT_CLOCK_TOLERANCE_SECONDS: '5',
  OTEL_JWT_MAX_TOKEN_AGE_SECONDS: '3600',
  OTEL_JWT_REQUIRED_CLAIMS: 'sub,jti',
  OTEL_JWT_SUBJECT_CLAIM: 'oid',
  OTEL_JWT_STATUS_LIST: 'when-present',
  OTEL_JWT_STATUS_LIST_ALLOWED_URIS: 'https://idp.example/status-lists/',
  OTEL_JWT_STATUS_LIST_WHEN_UNAVAILABLE: 'accept',
  OTEL_JWT_INTROSPECTION_ENDPOINT: 'https://idp.example/introspect',
  OTEL_JWT_INTROSPECTION_CLIENT_ID: 'orders',
  OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE: CLIENT_SECRET_FILE,
  OTEL_JWT_INTROSPECTION_MAX_CACHE_SECONDS: '30',
  OTEL_JWT_MAX_TOKEN_BYTES: '4096',
  OTEL_JWT_MAX_JSON_DEPTH: '8',
  OTEL_JWT_CACHE_MAX_ENTRIES: '500',
  OTEL_JWT_FETCH_TIMEOUT_MILLISECONDS: '2000',
  OTEL_JWT_MAX_RESPONSE_BYTES: '65536',
  OTEL_JWT_DEFAULT_REFRESH_SECONDS: '300',
  OTEL_JWT_MIN_REFRESH_SECONDS: '30',
  OTEL_JWT_MAX_REFRESH_SECONDS: '3600',
  OTEL_JWT_COOLDOWN_SECONDS: '0.5',
  OTEL_JWT_STALE_IF_ERROR_SECONDS: '7200',
  OTEL_JWT_DENY_LIST_URL: 'https://revocations.internal/denied.json',
  OTEL_JWT_DENY_LIST_REFRESH_SECONDS: '10',
  OTEL_JWT_DENY_LIST_WHEN_UNAVAILABLE: 'accept',
  OTEL_JWT_TOKEN_SOURCES: 'authorization,header:x-id-token,cookie:session',
  OTEL_JWT_CLAIMS: 'roles=user.roles,scope=app.scopes;split=space;propagate=false',
  OTEL_JWT_SUBJECT_ON_SPANS: 'raw',
  OTEL_JWT_SUBJECT_IN_BAGGAGE: 'raw',
  OTEL_JWT_HMAC_KEY: REGISTER_SECRET,
  OTEL_JWT_TRUSTED_DESTINATIONS: 'https://*.orders.internal,http://10.0.0.5',
  OTEL_JWT_FORWARD_TOKEN_TO: 'https://billing.internal',
  OTEL_JWT_PROTECTED_BAGGAGE_KEYS: 'tenant.id',
  OTEL_JWT_CHILD_SPAN_ATTRIBUTES: 'jwt.result,user.id',
  OTEL_JWT_MAX_AUTH_BAGGAGE_BYTES: '2048',
  OTEL_JWT_REDACTION_CREDENTIAL_KEYS: 'x-tenant-secret',
  OTEL_JWT_REDACTION_QUERY_PARAMETERS: 'sig,signature',
  OTEL_JWT_ADMISSION: 'on',
  OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS: '500',
};

describe('registerTelemetryConfig', () => {
  it('maps every OTEL_JWT_ variable onto its createJwtTelemetry option', () => {
    expect(Object.keys(REGISTER_VARIABLES).filter((name) => !(name in ALL))).toEqual([
      'OTEL_JWT_JWKS_FILE',
      'OTEL_JWT_HMAC_KEY_FILE',
      'OTEL_JWT_HMAC_VERIFY_KEY_FILES',
    ]);
    expect(registerTelemetryConfig(ALL)).toEqual({
      verifier: {
        issuers: [
          {
            issuer: 'https://idp.example',
            audience: ['orders', 'billing'],
            keys: { type: 'jwks-uri', jwksUri: 'https://idp.example/jwks' },
            algorithms: ['ES256', 'RS256'],
            acceptedTypes: ['JWT'],
            missingType: 'reject',
            clockToleranceSeconds: 5,
            maxTokenAgeSeconds: 3600,
            requiredClaims: ['sub', 'jti'],
            subjectClaim: 'oid',
            statusList: {
              mode: 'when-present',
              allowedUris: ['https://idp.example/status-lists/'],
              whenUnavailable: 'accept',
            },
            introspection: {
              endpoint: 'https://idp.example/introspect',
              client: { id: 'orders', secret: 'introspection-secret' },
              maxCacheSeconds: 30,
            },
          },
        ],
        maxTokenBytes: 4096,
        maxJsonDepth: 8,
        cacheMaxEntries: 500,
        keyRefresh: {
          fetchTimeoutMilliseconds: 2000,
          maxResponseBytes: 65536,
          defaultRefreshSeconds: 300,
          minRefreshSeconds: 30,
          maxRefreshSeconds: 3600,
          cooldownSeconds: 0.5,
          staleIfErrorSeconds: 7200,
        },
        denyList: {
          url: 'https://revocations.internal/denied.json',
          refreshSeconds: 10,
          whenUnavailable: 'accept',
        },
      },
      tokenSources: [
        { type: 'authorization' },
        { type: 'header', name: 'x-id-token' },
        { type: 'cookie', name: 'session' },
      ],
      claims: { roles: 'user.roles', scope: { key: 'app.scopes', split: 'space', propagate: false } },
      subject: { onSpans: 'raw', inBaggage: 'raw' },
      hmacKey: REGISTER_SECRET,
      trustedDestinations: ['https://*.orders.internal', 'http://10.0.0.5'],
      forwardToken: { to: ['https://billing.internal'] },
      protectedBaggageKeys: ['tenant.id'],
      childSpanAttributes: ['jwt.result', 'user.id'],
      maxAuthBaggageBytes: 2048,
      redaction: { credentialKeys: ['x-tenant-secret'], queryParameters: ['sig', 'signature'] },
      admission: { maxKeyWaitMilliseconds: 500 },
    });
  });

  it('has a row in the table of docs/register.md for every variable, and no row for any other', () => {
    const doc = readFileSync(new URL('../../docs/register.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `(OTEL_JWT_\w+)` /gm)].map((match) => match[1]);
    expect(rows.sort()).toEqual(Object.keys(REGISTER_VARIABLES).sort());
  });

  it('turns the admission step off with OTEL_JWT_ADMISSION=off', () => {
    expect(config({ OTEL_JWT_ADMISSION: 'OFF' }).admission).toBe('off');
    expect(config({ OTEL_JWT_ADMISSION: 'on' }).admission).toBeUndefined();
  });

  it('refuses a key wait for an admission step that is off, naming both variables', () => {
    expect(() =>
      config({ OTEL_JWT_ADMISSION: 'off', OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS: '100' }),
    ).toThrow(/OTEL_JWT_ADMISSION_MAX_KEY_WAIT_MILLISECONDS.*OTEL_JWT_ADMISSION is off/);
  });

  it('leaves every option at its library default when only the issuer and audience are set, keys by discovery', () => {
    expect(registerTelemetryConfig(REQUIRED_ENV)).toEqual({
      verifier: {
        issuers: [{ issuer: 'https://idp.example', audience: ['orders'], keys: { type: 'discovery' } }],
      },
    });
  });

  it('treats an empty or blank variable as unset, as OpenTelemetry configuration does', () => {
    expect(config({ OTEL_JWT_ALGORITHMS: '', OTEL_JWT_CLAIMS: '  ', OTEL_JWT_HMAC_KEY: '' })).toEqual(
      registerTelemetryConfig(REQUIRED_ENV),
    );
  });

  it('reads the HMAC key file byte for byte, trailing newline included, as readFileSync gives it to code', () => {
    const path = files.write('hmac-key', `${REGISTER_SECRET}\n`);
    const { hmacKey } = config({ OTEL_JWT_HMAC_KEY_FILE: path });
    expect(Buffer.from(hmacKey as Uint8Array).toString('utf8')).toBe(`${REGISTER_SECRET}\n`);
  });

  it('adds the files of OTEL_JWT_HMAC_VERIFY_KEY_FILES after the signing key, for a rotation', () => {
    const next = files.write('next-key', `${REGISTER_SECRET}-next`);
    const old = files.write('old-key', `${REGISTER_SECRET}-old`);
    const { hmacKey } = config({
      OTEL_JWT_HMAC_KEY: REGISTER_SECRET,
      OTEL_JWT_HMAC_VERIFY_KEY_FILES: `${next},${old}`,
    });
    expect(Array.isArray(hmacKey)).toBe(true);
    const keys = hmacKey as readonly (string | Uint8Array)[];
    expect(keys.map((key) => Buffer.from(key).toString('utf8'))).toEqual([
      REGISTER_SECRET,
      `${REGISTER_SECRET}-next`,
      `${REGISTER_SECRET}-old`,
    ]);
  });

  it('refuses verify-only HMAC keys without a signing key, naming both variables', () => {
    const next = files.write('lonely-key', `${REGISTER_SECRET}-next`);
    expect(() => config({ OTEL_JWT_HMAC_VERIFY_KEY_FILES: next })).toThrow(
      /OTEL_JWT_HMAC_VERIFY_KEY_FILES.*OTEL_JWT_HMAC_KEY/,
    );
  });

  it('takes OTEL_JWT_HMAC_KEY untrimmed, since whitespace may belong to the secret', () => {
    expect(config({ OTEL_JWT_HMAC_KEY: ` ${REGISTER_SECRET} ` }).hmacKey).toBe(` ${REGISTER_SECRET} `);
  });

  it('turns OTEL_JWT_JWKS_FILE into a static JWK set', () => {
    const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] };
    const path = files.write('jwks.json', JSON.stringify(jwks));
    expect(config({ OTEL_JWT_JWKS_FILE: path }).verifier).toEqual({
      issuers: [{ ...REQUIRED_ENV_ISSUER, keys: { type: 'static', keys: [{ type: 'jwks', jwks }] } }],
    });
  });

  it('accepts the choice variables in any case', () => {
    expect(config({ OTEL_JWT_SUBJECT_ON_SPANS: 'Pseudonym' }).subject).toEqual({ onSpans: 'pseudonym' });
  });
});
