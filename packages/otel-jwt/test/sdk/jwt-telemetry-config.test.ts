import { defaultTextMapGetter } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { ConfigurationError, createJwtTelemetry, getAuth, type JwtTelemetryConfig } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { issueProof } from '../../src/propagator/subject-proof.js';
import { telemetryKeys } from '../../src/propagator/telemetry-keys.js';
import {
  extract,
  HMAC_KEY,
  ISSUER,
  injectTo,
  mint,
  parseBaggage,
  remoteContext,
  TRACEPARENT,
  TRUSTED_URL,
  telemetry,
} from '../support/telemetry-fixtures.js';

// The low-severity findings of the security review, through the public API: configuration mistakes
// refused at start-up, claims read as own properties only, empty scopes, and the all-zero trace id.

function refusal(build: () => unknown): string {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

const entryAttributes = (token: string, config: Partial<JwtTelemetryConfig> = {}) =>
  authStateOf(
    extract(telemetry(config).propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${token}` }),
  )?.entryAttributes ?? {};

describe('configuration mistakes createJwtTelemetry refuses', () => {
  test.each([
    ['null', null],
    ['undefined', undefined],
  ])('a configuration that is %s throws ConfigurationError, not a TypeError', (_, config) => {
    expect(refusal(() => createJwtTelemetry(config as never))).toBe(
      'the telemetry configuration must be an object',
    );
  });

  test('subject: null throws instead of meaning the defaults', () => {
    expect(refusal(() => telemetry({ subject: null as never }))).toMatch(/^subject must be an object/);
  });

  test.each(['authorization', 'cookie', 'baggage', 'traceparent', 'tracestate'])(
    'a header token source named %s throws',
    (name) => {
      expect(refusal(() => telemetry({ tokenSources: [{ type: 'header', name }] }))).toMatch(
        /^tokenSources\[0\]\.name/,
      );
    },
  );

  test('a token source listed twice throws', () => {
    const tokenSources = [
      { type: 'cookie', name: 'session' },
      { type: 'cookie', name: 'session' },
    ] as const;
    expect(refusal(() => telemetry({ tokenSources: [...tokenSources] }))).toBe(
      'tokenSources[1] repeats a source listed before it',
    );
  });

  test.each([
    ['a wildcard over a top-level domain', 'https://*.com'],
    ['a wildcard over a single label', 'https://*.internal'],
    ['port 0', 'https://orders.internal:0'],
    ['a newline in the origin', 'https://orders.\ninternal'],
    ['a non-ASCII host', 'https://ördérs.internal'],
  ])('a trusted destination with %s throws', (_, origin) => {
    expect(refusal(() => telemetry({ trustedDestinations: [origin] }))).toMatch(
      /^trustedDestinations\[0\] must be an origin/,
    );
  });

  test('a wildcard with two labels under it is accepted', () => {
    expect(() => telemetry({ trustedDestinations: ['https://*.orders.internal'] })).not.toThrow();
  });

  test('maxAuthBaggageBytes below 256 throws: both proofs need the room', () => {
    expect(refusal(() => telemetry({ maxAuthBaggageBytes: 128 }))).toMatch(
      /^maxAuthBaggageBytes must be an integer from 256/,
    );
  });
});

describe('claims are read as the token own properties only', () => {
  const claims = { constructor: 'app.ctor', toString: 'app.to_string' };

  test('a claim named constructor or toString that the token lacks is absent, not an inherited function', () => {
    const attributes = entryAttributes(mint(), { claims });
    expect(attributes).not.toHaveProperty('app.ctor');
    expect(attributes).not.toHaveProperty('jwt.claims.omitted');
  });

  test('a claim named constructor that the token has is mapped like any other', () => {
    expect(entryAttributes(mint({ constructor: 'x' }), { claims })).toMatchObject({ 'app.ctor': 'x' });
  });
});

describe('an empty scope claim', () => {
  test.each([
    ['scope ""', { scope: '' }],
    ['scope " "', { scope: ' ' }],
    ['scp []', { scp: [] }],
  ])('%s writes no jwt.scopes', (_, scopes) => {
    expect(entryAttributes(mint(scopes))).not.toHaveProperty('jwt.scopes');
  });

  test('a non-empty scope still writes its scopes', () => {
    expect(entryAttributes(mint({ scope: 'read write' }))['jwt.scopes']).toEqual(['read', 'write']);
  });
});

describe('the all-zero trace id', () => {
  const ZERO = '0'.repeat(32);
  const jwt = telemetry({ trustedDestinations: [TRUSTED_URL.slice(0, TRUSTED_URL.indexOf('/', 8))] });

  test('a subject proof computed for it does not check: invalid_proof', () => {
    const keys = telemetryKeys(HMAC_KEY);
    const proof = issueProof(keys, ZERO, keys.subjectDigest(ISSUER, 'alice'));
    const before = remoteContext({ 'jwt.subject_proof': proof }, ZERO);
    const context = jwt.jwtPropagator.extract(
      before,
      { authorization: `Bearer ${mint()}` },
      defaultTextMapGetter,
    );
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'no_upstream_proof',
      removedBaggageKeys: ['jwt.subject_proof'],
      removalReason: 'invalid_proof',
    });
  });

  test('inject issues no proof for it', () => {
    const context = jwt.jwtPropagator.extract(
      remoteContext(undefined, ZERO),
      { authorization: `Bearer ${mint()}` },
      defaultTextMapGetter,
    );
    expect(parseBaggage(injectTo(jwt.jwtPropagator, context, TRUSTED_URL).baggage)).not.toHaveProperty(
      'jwt.subject_proof',
    );
  });
});
