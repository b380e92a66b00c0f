import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { type JwsAlgorithm, SUPPORTED_ALGORITHMS } from '../../src/keys/algorithms.js';
import type { StaticKey } from '../../src/keys/key-config.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';

const PATH = 'issuers[0].keys';
const material: string[] = [];

/** Remembers every secret part of a key so that no error message may contain it. */
function remember<T extends string | JWK>(value: T): T {
  if (typeof value === 'string') {
    material.push(...value.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----')));
  } else {
    for (const field of ['n', 'x', 'y', 'd', 'p', 'q', 'k'] as const) {
      if (typeof value[field] === 'string') material.push(value[field]);
    }
  }
  return value;
}
const pair = (kind: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519', option: number | string = 2048) =>
  kind === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: String(option) })
    : kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync(kind as 'rsa', { modulusLength: Number(option) });
const spki = (key: KeyObject) => remember(String(key.export({ type: 'spki', format: 'pem' })));
const jwkOf = (key: KeyObject, extra: JWK = {}): JWK =>
  remember({ ...key.export({ format: 'jwk' }), ...extra });

const rsa = pair('rsa');
const rsaPss = pair('rsa-pss');
const p256 = pair('ec', 'P-256');
const p384 = pair('ec', 'P-384');
const ed = pair('ed25519');
const secret = remember(randomBytes(32).toString('base64url'));

const importKeys = (keys: readonly StaticKey[], allowed: readonly JwsAlgorithm[] = SUPPORTED_ALGORITHMS) =>
  importStaticKeys(keys, PATH, allowed);

describe('importing keys', () => {
  test('binds a string secret and a byte secret to their algorithm and kid', () => {
    const bytes = randomBytes(48);
    const [text, raw] = importKeys([
      { type: 'secret', secret, alg: 'HS256', kid: 'text' },
      { type: 'secret', secret: bytes, alg: 'HS384' },
    ]);
    expect([text?.kid, text?.spec.alg, text?.key.type]).toEqual(['text', 'HS256', 'secret']);
    expect([raw?.kid, raw?.spec.alg, raw?.key.export()]).toEqual([undefined, 'HS384', bytes]);
  });

  test('imports an SPKI PEM public key under the algorithm the entry names', () => {
    const [key] = importKeys([{ type: 'pem', pem: spki(rsa.publicKey), alg: 'PS256', kid: 'r' }]);
    expect(key?.spec.alg).toBe('PS256');
    expect(key?.key.equals(rsa.publicKey)).toBe(true);
  });

  test('accepts an RSA-PSS-only key for PS256', () => {
    expect(importKeys([{ type: 'pem', pem: spki(rsaPss.publicKey), alg: 'PS256' }])[0]?.spec.alg).toBe(
      'PS256',
    );
  });

  test('takes a JWK entry algorithm from the entry or from the JWK, and the kid from the JWK', () => {
    const [fromJwk, fromEntry] = importKeys([
      { type: 'jwk', jwk: jwkOf(rsa.publicKey, { alg: 'RS256', kid: 'from-jwk' }) },
      { type: 'jwk', jwk: jwkOf(rsa.publicKey, { kid: 'bare' }), alg: 'PS384' },
    ]);
    expect([fromJwk?.spec.alg, fromJwk?.kid]).toEqual(['RS256', 'from-jwk']);
    expect(fromEntry?.spec.alg).toBe('PS384');
  });

  test('rejects a JWK entry whose alg contradicts the JWK own alg, as jose would never use it so', () => {
    const jwk = jwkOf(rsa.publicKey, { alg: 'RS256' });
    expectRejected(() => importKeys([{ type: 'jwk', jwk, alg: 'PS256' }]), `${K}[0].alg`, /differs/);
  });

  test('binds JWK set members without alg: EC by curve, Ed25519 as EdDSA, RSA by the first RSA algorithm allowed', () => {
    const keys = [jwkOf(p384.publicKey), jwkOf(ed.publicKey), jwkOf(rsa.publicKey)];
    const bound = importKeys([{ type: 'jwks', jwks: { keys } }], ['PS512', 'ES384', 'RS256', 'EdDSA']);
    expect(bound.map((k) => k.spec.alg)).toEqual(['ES384', 'EdDSA', 'PS512']);
  });

  test('lets a lone configured key without kid serve any kid, but no key among several nor a kid-less member of a JWK set', () => {
    const [lone] = importKeys([{ type: 'pem', pem: spki(p256.publicKey), alg: 'ES256' }]);
    expect(lone?.anyKid).toBe(true);
    const [single, named, member] = importKeys([
      { type: 'pem', pem: spki(p256.publicKey), alg: 'ES256' },
      { type: 'secret', secret, alg: 'HS256', kid: 'named' },
      { type: 'jwks', jwks: { keys: [jwkOf(p384.publicKey)] } },
    ]);
    expect([single?.anyKid, named?.anyKid, member?.anyKid]).toEqual([undefined, undefined, undefined]);
  });

  test('skips JWK set members whose algorithm the issuer does not allow', () => {
    const keys = [jwkOf(p256.publicKey, { kid: 'ec' }), jwkOf(rsa.publicKey, { kid: 'rsa', alg: 'RS256' })];
    const bound = importKeys([{ type: 'jwks', jwks: { keys } }], ['RS256']);
    expect(bound.map((k) => k.kid)).toEqual(['rsa']);
  });

  test('imports an oct JWK as an HMAC secret when its alg is given', () => {
    const jwk = remember({ kty: 'oct', k: randomBytes(64).toString('base64url'), alg: 'HS512' });
    expect(importKeys([{ type: 'jwk', jwk }])[0]?.key.symmetricKeySize).toBe(64);
  });

  test.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)(
    'accepts a %s secret exactly as long as the hash (%i bytes) and rejects one byte less',
    (alg, n) => {
      expect(importKeys([{ type: 'secret', secret: randomBytes(n), alg }])).toHaveLength(1);
      const short = remember(
        randomBytes(n - 1)
          .toString('hex')
          .slice(0, n - 1),
      );
      expectRejected(
        () => importKeys([{ type: 'secret', secret: short, alg }]),
        `${PATH}.keys[0]`,
        /at least/,
      );
    },
  );
});

function expectRejected(run: () => unknown, path: string, fix: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { code, message } = error as ConfigurationError;
  expect(code).toBe('invalid_configuration');
  expect(message).toContain(path);
  expect(message).toMatch(fix);
  for (const secretPart of material) expect(message).not.toContain(secretPart);
  expect(message).not.toMatch(/[A-Za-z0-9+/_-]{40,}/);
}

const K = `${PATH}.keys`;
const sec = (value: unknown, alg: unknown, kid?: unknown) =>
  ({ type: 'secret', secret: value, alg, kid }) as StaticKey;
const pem = (text: unknown, alg: JwsAlgorithm) => ({ type: 'pem', pem: text, alg }) as StaticKey;
const jwk = (value: JWK, alg?: JwsAlgorithm) =>
  ({ type: 'jwk', jwk: value, ...(alg && { alg }) }) as StaticKey;
const jwks = (keys: unknown) => ({ type: 'jwks', jwks: { keys } }) as StaticKey;
const publicPem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
const pkcs1 = remember(String(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' })));
const sec1 = remember(String(p256.privateKey.export({ type: 'sec1', format: 'pem' })));
const brokenEc: JWK = { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' };

describe('refusing keys', () => {
  test.each<[string, StaticKey[], string, RegExp]>([
    ['an empty key list', [], K, /at least one key/],
    ['an unknown entry type', [{ type: 'x509' } as never], `${K}[0].type`, /"secret", "pem"/],
    ['a secret that is neither string nor bytes', [sec(5, 'HS256')], `${K}[0].secret`, /or Uint8Array/],
    ['an unknown algorithm name', [sec(secret, 'HS257')], `${K}[0].alg`, /supported JWS algorithms/],
    ['a pem that is not a string', [pem(Buffer.from(secret), 'RS256')], `${K}[0].pem`, /PEM string/],
    ['a pem that does not parse', [pem(publicPem, 'RS256')], `${K}[0].pem`, /not a valid PEM/],
    ['a PKCS#1 RSA private key PEM', [pem(pkcs1, 'RS256')], `${K}[0].pem`, /private key.*public key/],
    ['a SEC1 EC private key PEM', [pem(sec1, 'ES256')], `${K}[0].pem`, /private key/],
    ['a private Ed25519 JWK', [jwk(jwkOf(ed.privateKey), 'EdDSA')], `${K}[0]`, /private JWK.*public key/],
    ['a JWK without any alg', [jwk(jwkOf(p256.publicKey))], `${K}[0]`, /give "alg"/],
    [
      'a JWK with an unsupported alg',
      [jwk(jwkOf(p256.publicKey, { alg: 'ES256K' }))],
      `${K}[0]`,
      /not supported/,
    ],
    [
      'a JWK meant for encryption',
      [jwk(jwkOf(rsa.publicKey, { use: 'enc' }), 'RS256')],
      `${K}[0]`,
      /signatures/,
    ],
    [
      'a JWK whose key_ops exclude verify',
      [jwk(jwkOf(rsa.publicKey, { key_ops: ['encrypt'] }), 'RS256')],
      `${K}[0]`,
      /verify/,
    ],
    ['a JWK with broken key material', [jwk(brokenEc, 'ES256')], `${K}[0]`, /not a valid public JWK/],
    [
      'a JWK whose key_ops repeat verify, which jose refuses',
      [jwk(jwkOf(rsa.publicKey, { key_ops: ['verify', 'verify'] }), 'RS256')],
      `${K}[0]`,
      /key_ops must be exactly \["verify"\]/,
    ],
    [
      'a JWK whose key_ops also allow sign, which jose refuses for a public key',
      [jwk(jwkOf(rsa.publicKey, { key_ops: ['sign', 'verify'] }), 'RS256')],
      `${K}[0]`,
      /key_ops must be exactly/,
    ],
    [
      'a JWK whose ext is not a boolean, which jose refuses',
      [jwk(jwkOf(rsa.publicKey, { ext: 'yes' as never }), 'RS256')],
      `${K}[0]`,
      /ext must be a boolean/,
    ],
    [
      'a static key entry with a misspelled option',
      [{ type: 'pem', pem: spki(rsa.publicKey), alg: 'RS256', kdi: 'x' } as never],
      `${K}[0]`,
      /unknown option "kdi"/,
    ],
    ['a JWK set without a keys array', [jwks(undefined)], `${K}[0].jwks`, /"keys" array/],
    ['a null member of a JWK set', [jwks([null])], `${K}[0].jwks.keys[0]`, /JWK object/],
    [
      'a private member of a JWK set',
      [jwks([jwkOf(p256.publicKey), jwkOf(p384.privateKey)])],
      `${K}[0].jwks.keys[1]`,
      /private JWK/,
    ],
    [
      'a JWK set with no allowed key',
      [jwks([jwkOf(ed.publicKey, { alg: 'Ed25519' })])],
      PATH,
      /no key for any algorithm/,
    ],
    ['a non-string kid', [sec(secret, 'HS256', 7)], `${K}[0].kid`, /must be a string/],
    [
      'an RSA-PSS-only key bound to RS256',
      [pem(spki(rsaPss.publicKey), 'RS256')],
      `${K}[0]`,
      /RSA public key/,
    ],
    ['an EC key bound to RS256', [pem(spki(p256.publicKey), 'RS256')], `${K}[0]`, /RSA public key/],
    ['an Ed25519 key bound to ES256', [pem(spki(ed.publicKey), 'ES256')], `${K}[0]`, /EC public key/],
    ['an RSA key bound to EdDSA', [pem(spki(rsa.publicKey), 'EdDSA')], `${K}[0]`, /Ed25519 public key/],
    ['a P-256 key bound to ES512', [pem(spki(p256.publicKey), 'ES512')], `${K}[0]`, /curve secp521r1/],
    ['a shared secret bound to PS256', [sec(secret, 'PS256')], `${K}[0]`, /RSA public key/],
    [
      'a PEM key whose alg is outside the allow-list (Ed25519 here)',
      [pem(spki(ed.publicKey), 'Ed25519')],
      `${K}[0].alg`,
      /issuer's algorithms/,
    ],
    [
      'a broken entry after a good one',
      [sec(secret, 'HS256'), sec('short', 'HS256')],
      `${K}[1]`,
      /at least 32 bytes/,
    ],
  ])('rejects %s, naming where it is and without echoing key material', (_, keys, path, fix) => {
    const allowed = SUPPORTED_ALGORITHMS.filter((a) => a !== 'Ed25519');
    expectRejected(() => importStaticKeys(keys, PATH, allowed), path, fix);
  });
});
