import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { destinationOfUrl } from '../../src/propagator/destination-rule.js';
import type { Destination, JwtTelemetryConfig } from '../../src/propagator/telemetry-config.js';
import { resolveTelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import type { JwtVerifierConfig } from '../../src/verifier/verifier-config.js';

/** A distinctive secret: no error message may contain it or a long piece of it. */
const SECRET = 'settings-test-hmac-secret-do-not-echo-4711';
const VERIFIER: JwtVerifierConfig = {
  issuers: [{ issuer: 'https://idp.test', audience: 'orders', keys: { type: 'static', keys: [] } }],
};
const base = (over: Record<string, unknown> = {}) =>
  ({ verifier: VERIFIER, hmacKey: SECRET, ...over }) as JwtTelemetryConfig;
const dest = (url: string) => destinationOfUrl(url) as Destination;

function rejection(config: unknown): string {
  let error: unknown;
  try {
    resolveTelemetrySettings(config as JwtTelemetryConfig);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { message } = error as ConfigurationError;
  for (let index = 0; index + 12 <= SECRET.length; index++)
    expect(message).not.toContain(SECRET.slice(index, index + 12));
  return message;
}

describe('defaults', () => {
  test('a configuration with only verifier and hmacKey resolves to the documented defaults', () => {
    const settings = resolveTelemetrySettings(base());
    expect(settings.sources).toEqual([{ kind: 'authorization' }]);
    expect(settings.claimRules).toEqual([]);
    expect([settings.rawSubjectOnSpans, settings.rawSubjectInBaggage]).toEqual([false, false]);
    expect([settings.keys.keyed, settings.keys.proofVersion]).toEqual([true, 'k2']);
    expect(settings.forwardTo).toBeUndefined();
    expect([...settings.protectedKeys]).toEqual([]);
    expect(settings.maxAuthBaggageBytes).toBe(1024);
  });

  test('by default no destination is trusted, not even loopback', () => {
    const { trusted } = resolveTelemetrySettings(base());
    expect(trusted(dest('http://127.0.0.1:8080/'))).toBe(false);
    expect(trusted(dest('https://orders.internal/'))).toBe(false);
  });

  test('every option is resolved when given', () => {
    const settings = resolveTelemetrySettings(
      base({
        tokenSources: [
          { type: 'cookie', name: 'session' },
          { type: 'header', name: 'x-id-token' },
          { type: 'authorization' },
        ],
        claims: { roles: 'user.roles' },
        subject: { onSpans: 'raw', inBaggage: 'raw' },
        trustedDestinations: ['https://*.svc.internal'],
        forwardToken: { to: ['https://orders.internal'] },
        protectedBaggageKeys: ['tenant.id'],
        childSpanAttributes: ['jwt.result'],
        maxAuthBaggageBytes: 4096,
      }),
    );
    expect(settings.sources).toEqual([
      { kind: 'cookie', name: 'session' },
      { kind: 'header', name: 'x-id-token' },
      { kind: 'authorization' },
    ]);
    expect([settings.rawSubjectOnSpans, settings.rawSubjectInBaggage]).toEqual([true, true]);
    expect(settings.trusted(dest('https://a.svc.internal/'))).toBe(true);
    expect(settings.forwardTo?.(dest('https://orders.internal/'))).toBe(true);
    expect(settings.forwardTo?.(dest('https://a.internal/'))).toBe(false);
    expect([...settings.protectedKeys].sort()).toEqual(['tenant.id', 'user.roles']);
    expect(settings.maxAuthBaggageBytes).toBe(4096);
  });

  test('maxAuthBaggageBytes accepts its bounds 256 (room for both proofs) and 4096', () => {
    expect(resolveTelemetrySettings(base({ maxAuthBaggageBytes: 256 })).maxAuthBaggageBytes).toBe(256);
    expect(resolveTelemetrySettings(base({ maxAuthBaggageBytes: 4096 })).maxAuthBaggageBytes).toBe(4096);
  });
});

describe('option mistakes', () => {
  test.each([
    ['null', null],
    ['an array', []],
    ['a string', 'config'],
  ])('a configuration that is %s throws saying it must be an object', (_label, config) => {
    expect(rejection(config)).toBe('the telemetry configuration must be an object');
  });

  test('an unknown option throws naming it and listing the options', () => {
    const message = rejection(base({ trustedDestination: ['https://a.internal'] }));
    expect(message).toContain('the telemetry configuration has an unknown option "trustedDestination"');
    expect(message).toContain('trustedDestinations');
  });

  test.each([
    ['subject', 'raw', /^subject must be an object/],
    ['subject', { onSpan: 'raw' }, /^subject has an unknown option "onSpan"/],
    ['subject', { onSpans: 'hash' }, /^subject\.onSpans must be one of "pseudonym", "raw"/],
    ['subject', { inBaggage: true }, /^subject\.inBaggage must be one of "never", "raw"/],
    ['subject', null, /^subject must be an object/],
    ['maxAuthBaggageBytes', 255, /^maxAuthBaggageBytes must be an integer from 256 to 4096/],
    ['maxAuthBaggageBytes', 128, /^maxAuthBaggageBytes must be an integer from 256 to 4096/],
    ['maxAuthBaggageBytes', 4097, /^maxAuthBaggageBytes must be an integer from 256 to 4096/],
    ['maxAuthBaggageBytes', 300.5, /^maxAuthBaggageBytes must be an integer from 256 to 4096/],
    ['maxAuthBaggageBytes', '1024', /^maxAuthBaggageBytes must be an integer from 256 to 4096/],
    ['trustedDestinations', ['https://*.com'], /^trustedDestinations\[0\] must be an origin/],
    ['forwardToken', { to: ['https://orders.internal:0'] }, /^forwardToken\.to\[0\] must be an origin/],
    ['protectedBaggageKeys', 'tenant.id', /^protectedBaggageKeys must be an array of non-empty strings/],
    ['protectedBaggageKeys', [''], /^protectedBaggageKeys must be an array of non-empty strings/],
    ['protectedBaggageKeys', [7], /^protectedBaggageKeys must be an array of non-empty strings/],
    ['trustedDestinations', 'https://a.internal', /^trustedDestinations must be an array of origins/],
    ['trustedDestinations', ['https://a.internal/api'], /^trustedDestinations\[0\] must be an origin/],
    ['forwardToken', true, /^forwardToken must be an object/],
    ['forwardToken', null, /^forwardToken must be an object/],
    ['forwardToken', {}, /^forwardToken\.to must be an array of origins or a function/],
    ['forwardToken', { to: [], via: 'x' }, /^forwardToken has an unknown option "via"/],
    ['forwardToken', { to: ['ftp://a.internal'] }, /^forwardToken\.to\[0\] must be an origin/],
    ['claims', { sub: 'user.subject' }, /^claims\.sub: registered claims/],
    ['claims', { roles: 'jwt.roles' }, /^claims\.roles must map to a key/],
  ])('%s set to %j throws a ConfigurationError naming the option path', (option, value, expected) => {
    expect(rejection(base({ [option]: value }))).toMatch(expected);
  });

  test.each([
    ['a 31-character string', 'x'.repeat(31)],
    ['a long prefix of the real secret', SECRET.slice(0, 31)],
    ['a 16-byte Uint8Array', new Uint8Array(16)],
    ['a number', 4711],
    ['null', null],
  ])('hmacKey as %s throws naming hmacKey and never echoing the value', (_label, hmacKey) => {
    const message = rejection(base({ hmacKey }));
    expect(message).toMatch(/^hmacKey must be a string or Uint8Array of at least 32 bytes/);
    if (typeof hmacKey === 'string') expect(message).not.toContain(hmacKey);
  });
});
