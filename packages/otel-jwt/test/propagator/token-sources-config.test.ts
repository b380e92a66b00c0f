import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { JwtTelemetryConfig } from '../../src/propagator/telemetry-config.js';
import { resolveTelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import type { JwtVerifierConfig } from '../../src/verifier/verifier-config.js';

// tokenSources of the telemetry configuration: shapes, names, and sources that would be ambiguous.

const VERIFIER: JwtVerifierConfig = {
  issuers: [{ issuer: 'https://idp.test', audience: 'orders', keys: { type: 'static', keys: [] } }],
};
const base = (over: Record<string, unknown> = {}) =>
  ({ verifier: VERIFIER, hmacKey: 'h'.repeat(40), ...over }) as JwtTelemetryConfig;

function rejection(config: unknown): string {
  let error: unknown;
  try {
    resolveTelemetrySettings(config as JwtTelemetryConfig);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as ConfigurationError).message;
}

describe('tokenSources validation', () => {
  test.each([
    ['an empty array', [], /^tokenSources must be a non-empty array/],
    ['a string', 'authorization', /^tokenSources must be a non-empty array/],
    ['an object', { type: 'authorization' }, /^tokenSources must be a non-empty array/],
    [
      'an unknown type',
      [{ type: 'query', name: 'token' }],
      /^tokenSources\[0\]\.type must be "authorization", "header" or "cookie"/,
    ],
    ['a null entry', [null], /^tokenSources\[0\]\.type must be/],
    ['a string entry', ['authorization'], /^tokenSources\[0\]\.type must be/],
    [
      'authorization with a name',
      [{ type: 'authorization', name: 'x' }],
      /^tokenSources\[0\] has an unknown option "name"/,
    ],
    [
      'a header without a name',
      [{ type: 'header' }],
      /^tokenSources\[0\]\.name must be a lower-case header name/,
    ],
    [
      'an upper-case header name',
      [{ type: 'header', name: 'X-Id-Token' }],
      /^tokenSources\[0\]\.name must be a lower-case/,
    ],
    [
      'a header name with a space',
      [{ type: 'header', name: 'x id' }],
      /^tokenSources\[0\]\.name must be a lower-case/,
    ],
    [
      'the authorization header as a bare header',
      [{ type: 'header', name: 'authorization' }],
      /^tokenSources\[0\]\.name must be a lower-case header name other than authorization/,
    ],
    [
      'a header with an extra option',
      [{ type: 'header', name: 'x', prefix: 'Token' }],
      /^tokenSources\[0\] has an unknown option "prefix"/,
    ],
    [
      'a cookie name with ;',
      [{ type: 'cookie', name: 'a;b' }],
      /^tokenSources\[0\]\.name must be a cookie name/,
    ],
    [
      'a cookie name with =',
      [{ type: 'cookie', name: 'a=b' }],
      /^tokenSources\[0\]\.name must be a cookie name/,
    ],
    [
      'an empty cookie name',
      [{ type: 'cookie', name: '' }],
      /^tokenSources\[0\]\.name must be a cookie name/,
    ],
  ])('tokenSources with %s throws naming the path', (_label, tokenSources, expected) => {
    expect(rejection(base({ tokenSources }))).toMatch(expected);
  });

  test('the path of a bad later source names its index', () => {
    expect(
      rejection(base({ tokenSources: [{ type: 'authorization' }, { type: 'cookie', name: 'a b' }] })),
    ).toMatch(/^tokenSources\[1\]\.name/);
  });

  test('cookie names keep their case; header names must already be lower case', () => {
    const settings = resolveTelemetrySettings(
      base({
        tokenSources: [
          { type: 'cookie', name: 'Session_ID' },
          { type: 'header', name: 'x-token' },
        ],
      }),
    );
    expect(settings.sources).toEqual([
      { kind: 'cookie', name: 'Session_ID' },
      { kind: 'header', name: 'x-token' },
    ]);
  });
});

describe('token sources that would read another header or repeat one', () => {
  test.each(['authorization', 'cookie', 'baggage', 'traceparent', 'tracestate'])(
    'a bare header source named %s throws: that header has its own meaning',
    (name) => {
      expect(rejection(base({ tokenSources: [{ type: 'header', name }] }))).toMatch(
        /^tokenSources\[0\]\.name must be a lower-case header name other than authorization, cookie, baggage, traceparent and tracestate/,
      );
    },
  );

  test.each([
    ['authorization twice', [{ type: 'authorization' }, { type: 'authorization' }], 1],
    [
      'the same header twice',
      [
        { type: 'header', name: 'x-t' },
        { type: 'header', name: 'x-t' },
      ],
      1,
    ],
    [
      'the same cookie after another source',
      [{ type: 'cookie', name: 's' }, { type: 'authorization' }, { type: 'cookie', name: 's' }],
      2,
    ],
  ])('%s throws naming the repeated entry', (_label, tokenSources, index) => {
    expect(rejection(base({ tokenSources }))).toBe(
      `tokenSources[${index}] repeats a source listed before it`,
    );
  });

  test('a header and a cookie of the same name are two sources, and cookie names are case-sensitive', () => {
    const tokenSources = [
      { type: 'header', name: 'session' },
      { type: 'cookie', name: 'session' },
      { type: 'cookie', name: 'Session' },
    ];
    expect(resolveTelemetrySettings(base({ tokenSources })).sources).toHaveLength(3);
  });
});
