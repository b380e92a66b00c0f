import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { telemetryKeys } from '../../src/propagator/telemetry-keys.js';

const SECRET = 'telemetry-keys-test-secret-0123456789';
const OTHER_SECRET = 'another-telemetry-secret-9876543210xyz';
const HEX32 = /^[0-9a-f]{32}$/;
const B64URL22 = /^[A-Za-z0-9_-]{22}$/;

describe('hmacKey checks', () => {
  test.each([
    ['a 31-byte string', 'x'.repeat(31)],
    ['a 31-byte Uint8Array', new Uint8Array(31).fill(7)],
    ['an empty string', ''],
    ['a number', 1234567890123],
    ['null', null],
    ['an ArrayBuffer', new ArrayBuffer(32)],
  ])('%s as hmacKey throws ConfigurationError naming hmacKey without echoing it', (_label, key) => {
    let error: unknown;
    try {
      telemetryKeys(key);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^hmacKey must be a string or Uint8Array of at least 32 bytes/);
    if (typeof key === 'string' && key.length > 0) expect((error as Error).message).not.toContain(key);
  });

  test('a string key counts UTF-8 bytes: 16 two-byte characters are 32 bytes', () => {
    expect(() => telemetryKeys('é'.repeat(16))).not.toThrow();
    expect(() => telemetryKeys('é'.repeat(15))).toThrow(ConfigurationError);
  });

  test('a string key and a Uint8Array of its UTF-8 bytes give the same digests', () => {
    const fromString = telemetryKeys(SECRET);
    const fromBytes = telemetryKeys(new TextEncoder().encode(SECRET));
    const fromBuffer = telemetryKeys(Buffer.from(SECRET, 'utf8'));
    for (const keys of [fromBytes, fromBuffer]) {
      expect(keys.pseudonym('iss', 'alice')).toBe(fromString.pseudonym('iss', 'alice'));
      expect(keys.subjectDigest('iss', 'alice')).toBe(fromString.subjectDigest('iss', 'alice'));
      expect(keys.fingerprint('t')).toBe(fromString.fingerprint('t'));
    }
  });

  test('a keyed configuration issues k2 proofs', () => {
    const keys = telemetryKeys(SECRET);
    expect([keys.keyed, keys.proofVersion]).toEqual([true, 'k2']);
  });
});

describe('a list of keys (rotation)', () => {
  test.each([
    ['an empty list', [], /^hmacKey must be one key or a list of 1 to 4 keys/],
    [
      'five keys',
      [1, 2, 3, 4, 5].map((n) => `${SECRET}-${n}`),
      /^hmacKey must be one key or a list of 1 to 4 keys/,
    ],
    [
      'a short second key',
      [SECRET, 'x'.repeat(31)],
      /^hmacKey\[1\] must be a string or Uint8Array of at least 32 bytes/,
    ],
    [
      'an array of bytes',
      Array.from({ length: 32 }, () => 1),
      /^hmacKey must be one key or a list of 1 to 4 keys/,
    ],
    ['a number in the list', [SECRET, 1234567890123], /^hmacKey\[1\] must be a string or Uint8Array/],
    ['the same key twice', [SECRET, Buffer.from(SECRET)], /^hmacKey\[1\] repeats a key listed before it/],
  ])('%s throws ConfigurationError naming the entry without echoing a key', (_label, value, message) => {
    let error: unknown;
    try {
      telemetryKeys(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
  });

  test('a key id is 6 base64url characters, the same for a string and its UTF-8 bytes, other for another key', () => {
    const id = telemetryKeys(SECRET).id;
    expect(id).toMatch(/^[A-Za-z0-9_-]{6}$/);
    expect(telemetryKeys(Buffer.from(SECRET)).id).toBe(id);
    expect(telemetryKeys(OTHER_SECRET).id).not.toBe(id);
  });

  test('a key id is no prefix of any digest the key makes (it is derived under a label of its own)', () => {
    const keys = telemetryKeys(SECRET);
    const digests = [
      keys.subjectDigest('iss', 'alice'),
      keys.proofMac('0af7651916cd43dd8448eb211c80319c', 'd'),
    ];
    for (const digest of digests) expect(digest.startsWith(keys.id)).toBe(false);
  });

  test('a one-key list is the same as the key alone', () => {
    const [alone, listed] = [telemetryKeys(SECRET), telemetryKeys([SECRET])];
    expect(listed.ids).toEqual([alone.id]);
    expect(listed.subjectDigest('iss', 'alice')).toBe(alone.subjectDigest('iss', 'alice'));
    expect(listed.pseudonym('iss', 'alice')).toBe(alone.pseudonym('iss', 'alice'));
  });

  test('the first key signs; every listed key can be looked up by its id to check', () => {
    const [first, second] = [telemetryKeys(SECRET), telemetryKeys(OTHER_SECRET)];
    const both = telemetryKeys([OTHER_SECRET, SECRET]);
    expect(both.id).toBe(second.id);
    expect(both.ids).toEqual([second.id, first.id]);
    expect(both.subjectDigest('iss', 'alice')).toBe(second.subjectDigest('iss', 'alice'));
    expect(both.proofKey(first.id)?.subjectDigest('iss', 'alice')).toBe(first.subjectDigest('iss', 'alice'));
    expect(both.proofKey(first.id)?.proofMac('0af7651916cd43dd8448eb211c80319c', 'd')).toBe(
      first.proofMac('0af7651916cd43dd8448eb211c80319c', 'd'),
    );
    expect(both.proofKey('AAAAAA')).toBeUndefined();
  });

  test('user.hash and token fingerprints follow the first key, whatever comes after it', () => {
    const [first, second] = [telemetryKeys(SECRET), telemetryKeys(OTHER_SECRET)];
    const adding = telemetryKeys([SECRET, OTHER_SECRET]);
    const moved = telemetryKeys([OTHER_SECRET, SECRET]);
    expect(adding.pseudonym('iss', 'alice')).toBe(first.pseudonym('iss', 'alice'));
    expect(adding.fingerprint('t')).toBe(first.fingerprint('t'));
    expect(moved.pseudonym('iss', 'alice')).toBe(second.pseudonym('iss', 'alice'));
    expect(moved.fingerprint('t')).toBe(second.fingerprint('t'));
  });
});

describe('keyed digests', () => {
  const keys = telemetryKeys(SECRET);

  test('pseudonyms and fingerprints are 32 hex, subject digests and proof macs 22 base64url', () => {
    expect(keys.pseudonym('https://idp.test', 'alice')).toMatch(HEX32);
    expect(keys.fingerprint('opaque-token')).toMatch(HEX32);
    expect(keys.subjectDigest('https://idp.test', 'alice')).toMatch(B64URL22);
    expect(keys.proofMac('0af7651916cd43dd8448eb211c80319c', 'digest')).toMatch(B64URL22);
  });

  test('pseudonyms are stable for one key across creations', () => {
    expect(telemetryKeys(SECRET).pseudonym('iss', 'alice')).toBe(keys.pseudonym('iss', 'alice'));
  });

  test('pseudonyms differ per key', () => {
    expect(telemetryKeys(OTHER_SECRET).pseudonym('iss', 'alice')).not.toBe(keys.pseudonym('iss', 'alice'));
  });

  test('the same subject at another issuer gets another pseudonym', () => {
    expect(keys.pseudonym('https://a.test', 'alice')).not.toBe(keys.pseudonym('https://b.test', 'alice'));
  });

  test("the (issuer, subject) encoding is unambiguous: ('a', 'bc') and ('ab', 'c') differ", () => {
    expect(keys.pseudonym('a', 'bc')).not.toBe(keys.pseudonym('ab', 'c'));
    expect(keys.subjectDigest('a', 'bc')).not.toBe(keys.subjectDigest('ab', 'c'));
    expect(keys.pseudonym('1:a', 'b')).not.toBe(keys.pseudonym('1', ':ab'));
  });

  test('pseudonym, subject digest and fingerprint use independent keys (no digest equals another)', () => {
    const pseudonym = keys.pseudonym('iss', 'alice');
    const digest = Buffer.from(keys.subjectDigest('iss', 'alice'), 'base64url').toString('hex');
    const fingerprint = keys.fingerprint('5:issalice');
    expect(new Set([pseudonym, digest, fingerprint]).size).toBe(3);
  });

  test('the proof mac depends on both the trace id and the digest', () => {
    const traceA = '0af7651916cd43dd8448eb211c80319c';
    const traceB = '1af7651916cd43dd8448eb211c80319c';
    expect(keys.proofMac(traceA, 'd1')).not.toBe(keys.proofMac(traceB, 'd1'));
    expect(keys.proofMac(traceA, 'd1')).not.toBe(keys.proofMac(traceA, 'd2'));
  });

  test('fingerprints differ per key, so they cannot be recomputed without it', () => {
    expect(telemetryKeys(OTHER_SECRET).fingerprint('opaque-token')).not.toBe(
      keys.fingerprint('opaque-token'),
    );
  });
});

describe('without hmacKey', () => {
  let warnings: string[];
  const logger: DiagLogger = {
    error: () => undefined,
    warn: (message: string) => void warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };

  beforeEach(() => {
    warnings = [];
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  });

  afterEach(() => {
    diag.disable();
  });

  test('each creation logs exactly one diag warning about the missing key', () => {
    telemetryKeys(undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no hmacKey configured/);
    telemetryKeys(undefined);
    expect(warnings).toHaveLength(2);
  });

  test('a keyed creation logs no warning', () => {
    telemetryKeys(SECRET);
    expect(warnings).toEqual([]);
  });

  test('an unkeyed configuration issues h1 proofs, says it is not keyed and holds no key id', () => {
    const keys = telemetryKeys(undefined);
    expect([keys.keyed, keys.proofVersion, keys.ids]).toEqual([false, 'h1', []]);
  });

  test('pseudonyms differ between two unkeyed creations (keyed per process)', () => {
    expect(telemetryKeys(undefined).pseudonym('iss', 'alice')).not.toBe(
      telemetryKeys(undefined).pseudonym('iss', 'alice'),
    );
  });

  test('unkeyed pseudonyms are still 32 hex and stable within one creation', () => {
    const keys = telemetryKeys(undefined);
    expect(keys.pseudonym('iss', 'alice')).toMatch(HEX32);
    expect(keys.pseudonym('iss', 'alice')).toBe(keys.pseudonym('iss', 'alice'));
  });

  test('unkeyed subject digests and proof macs agree between creations, so h1 proofs check across services', () => {
    const [one, two] = [telemetryKeys(undefined), telemetryKeys(undefined)];
    expect(one.subjectDigest('iss', 'alice')).toBe(two.subjectDigest('iss', 'alice'));
    expect(one.proofMac('0af7651916cd43dd8448eb211c80319c', 'd')).toBe(
      two.proofMac('0af7651916cd43dd8448eb211c80319c', 'd'),
    );
  });

  test('unkeyed digests differ from keyed ones for the same input', () => {
    expect(telemetryKeys(undefined).subjectDigest('iss', 'alice')).not.toBe(
      telemetryKeys(SECRET).subjectDigest('iss', 'alice'),
    );
  });

  test('a diag logger that throws does not break the unkeyed creation', () => {
    diag.setLogger(
      {
        ...logger,
        warn: () => {
          throw new Error('logger down');
        },
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
    expect(() => telemetryKeys(undefined)).not.toThrow();
  });
});
