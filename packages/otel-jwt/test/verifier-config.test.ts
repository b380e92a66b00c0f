import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import type { IssuerConfig, JwtVerifierConfig, StaticKey } from '../src/config.js';
import { ConfigurationError } from '../src/errors.js';
import { createJwtVerifier } from '../src/verifier.js';

/** Every secret string, PEM body line and JWK member made here: no error message may contain one. */
const material: string[] = [];
const keep = (...values: unknown[]) => {
  for (const v of values) if (typeof v === 'string' && v.length >= 8) material.push(v);
};
const keepPem = (pem: string) => keep(...pem.split('\n').filter((line) => !line.startsWith('-----')));
const keepJwk = (jwk: JWK) => keep(jwk.n, jwk.d, jwk.x, jwk.y, jwk.p, jwk.q, jwk.k);

const SECRET = randomBytes(32).toString('base64url');
keep(SECRET);
const issuer = (over: Partial<IssuerConfig> = {}): IssuerConfig => ({
  issuer: 'https://idp.example',
  audience: 'api',
  keys: { type: 'static', keys: [{ type: 'secret', secret: SECRET, alg: 'HS256' }] },
  ...over,
});
const withKey = (key: StaticKey): IssuerConfig => issuer({ keys: { type: 'static', keys: [key] } });

function expectConfigurationError(config: unknown, path: string, fix: RegExp): void {
  let error: unknown;
  try {
    createJwtVerifier(config as JwtVerifierConfig).close();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { code, name, message } = error as ConfigurationError;
  expect([code, name]).toEqual(['invalid_configuration', 'ConfigurationError']);
  expect(message).toContain(path);
  expect(message).toMatch(fix);
  for (const secret of material) expect(message).not.toContain(secret);
}

const keys: Record<string, StaticKey> = {};
beforeAll(async () => {
  const short = randomBytes(16).toString('hex').slice(0, 31);
  keep(short);
  keys.shortSecret = { type: 'secret', secret: short, alg: 'HS256' };
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const weak = String(rsa1024.publicKey.export({ type: 'spki', format: 'pem' }));
  keepPem(weak);
  keys.weakRsaPem = { type: 'pem', pem: weak, alg: 'RS256' };
  const weakJwk = { ...rsa1024.publicKey.export({ format: 'jwk' }), alg: 'RS256' };
  keepJwk(weakJwk);
  keys.weakRsaJwk = { type: 'jwk', jwk: weakJwk };
  const privatePem = String(rsa1024.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  keepPem(privatePem);
  keys.privatePem = { type: 'pem', pem: privatePem, alg: 'RS256' };

  const rsa = await generateKeyPair('RS256', { extractable: true });
  const rsaPem = await exportSPKI(rsa.publicKey);
  keepPem(rsaPem);
  keys.rsaAsHmac = { type: 'pem', pem: rsaPem, alg: 'HS256' };
  const privateJwk = { ...(await exportJWK(rsa.privateKey)), alg: 'RS256' };
  keepJwk(privateJwk);
  keys.privateJwk = { type: 'jwk', jwk: privateJwk };
  const rsaJwk = await exportJWK(rsa.publicKey);
  keepJwk(rsaJwk);
  keys.rsaJwkAsHmac = { type: 'jwk', jwk: rsaJwk, alg: 'HS256' };

  const p384 = await generateKeyPair('ES384', { extractable: true });
  const p384Jwk = { ...(await exportJWK(p384.publicKey)), alg: 'ES256' };
  keepJwk(p384Jwk);
  keys.wrongCurve = { type: 'jwk', jwk: p384Jwk };
});

describe('valid configuration', () => {
  test('constructs a verifier from a minimal static configuration', () => {
    const verifier = createJwtVerifier({ issuers: [issuer()] });
    expect(verifier.keyStatus()).toMatchObject([{ issuer: 'https://idp.example', state: 'static' }]);
    verifier.close();
  });
});

const one = (over: Partial<IssuerConfig>) => ({ issuers: [issuer(over)] });
const top = (over: Record<string, unknown>) => ({ issuers: [issuer()], ...over });
const I = 'issuers[0]';

describe('issuers', () => {
  test.each([
    ['a configuration that is not an object', null, 'configuration', /must be an object/],
    ['no issuers list', {}, 'issuers', /at least one trusted issuer/],
    ['an empty issuers list', { issuers: [] }, 'issuers', /at least one trusted issuer/],
    ['an issuer entry that is not an object', { issuers: ['https://idp.example'] }, I, /object/],
    ['an empty issuer name', one({ issuer: '' }), `${I}.issuer`, /non-empty "iss"/],
    [
      'the same issuer twice',
      { issuers: [issuer(), issuer()] },
      'issuers[1].issuer',
      /list each issuer once/,
    ],
    ['a missing audience', one({ audience: undefined as never }), `${I}.audience`, /non-empty string/],
    ['an empty audience', one({ audience: '' }), `${I}.audience`, /non-empty string/],
    ['an empty audience list', one({ audience: [] }), `${I}.audience`, /non-empty array/],
    [
      'an unknown algorithm name',
      one({ algorithms: ['HS257' as never] }),
      `${I}.algorithms`,
      /use any of HS256/,
    ],
    ['an empty acceptedTypes list', one({ acceptedTypes: [] }), `${I}.acceptedTypes`, /non-empty/],
    [
      'an unknown missingType',
      one({ missingType: 'ignore' as never }),
      `${I}.missingType`,
      /"accept" or "reject"/,
    ],
    [
      'an unknown key source type',
      one({ keys: { type: 'file' } as never }),
      `${I}.keys.type`,
      /"static", "jwks-uri"/,
    ],
    [
      'an empty static key list',
      one({ keys: { type: 'static', keys: [] } }),
      `${I}.keys.keys`,
      /at least one key/,
    ],
  ])('rejects %s at construction', (_, config, path, fix) => {
    expectConfigurationError(config, path, fix);
  });
});

describe('keys', () => {
  test.each([
    [
      'an HMAC secret shorter than the hash (HS256 < 32 bytes)',
      'shortSecret',
      /HS256 secret must be at least 32/,
    ],
    ['an RSA PEM key below 2048 bits', 'weakRsaPem', /at least 2048 bits/],
    ['an RSA JWK below 2048 bits', 'weakRsaJwk', /at least 2048 bits/],
    ['a private key PEM', 'privatePem', /private key: configure the public key/],
    ['a private JWK', 'privateJwk', /private JWK: configure the public key/],
    ['a P-384 EC key bound to ES256 (wrong curve)', 'wrongCurve', /ES256 key must be on curve prime256v1/],
    ['an RSA PEM key bound to HS256', 'rsaAsHmac', /HS256 key must be a shared secret/],
    ['an RSA JWK bound to HS256', 'rsaJwkAsHmac', /HS256 key must be a shared secret/],
  ])('rejects %s, naming the key and echoing no key material', (_, name, fix) => {
    const key = keys[name];
    if (key === undefined) throw new Error(`no key ${name}`);
    expectConfigurationError({ issuers: [withKey(key)] }, 'issuers[0].keys.keys[0]', fix);
  });

  test('names the right issuer and key when a later one is wrong', () => {
    const second = issuer({ issuer: 'https://other.example' });
    const config = { issuers: [issuer(), { ...second, keys: { type: 'static', keys: [keys.privatePem] } }] };
    expectConfigurationError(config, 'issuers[1].keys.keys[0].pem', /private key/);
  });
});

describe('remote key sets', () => {
  const remote = (jwksUri: string, over: Partial<IssuerConfig> = {}) =>
    issuer({ keys: { type: 'jwks-uri', jwksUri }, ...over });

  test.each([
    ['HS256', ['HS256']],
    ['HS512 among asymmetric algorithms', ['RS256', 'HS512']],
  ] as const)('rejects %s with a remote key set', (_, algorithms) => {
    const config = { issuers: [remote('https://idp.example/jwks', { algorithms: [...algorithms] })] };
    expectConfigurationError(config, 'issuers[0].algorithms', /HMAC algorithms need a static shared secret/);
  });

  test('rejects HMAC algorithms with OIDC discovery', () => {
    const config = { issuers: [issuer({ keys: { type: 'discovery' }, algorithms: ['HS384'] })] };
    expectConfigurationError(config, 'issuers[0].algorithms', /static shared secret/);
  });

  test.each([
    'http://idp.example/jwks',
    'http://10.0.0.1/jwks',
    'http://127.0.0.1.idp.example/jwks',
    'http://localhost.idp.example/jwks',
  ])('rejects the plain-http jwksUri %s to a non-loopback host', (jwksUri) => {
    expectConfigurationError({ issuers: [remote(jwksUri)] }, 'issuers[0].keys.jwksUri', /must use https/);
  });

  test('rejects a jwksUri that is not an absolute URL', () => {
    expectConfigurationError({ issuers: [remote('/jwks')] }, 'issuers[0].keys.jwksUri', /absolute URL/);
  });

  test('rejects a jwksUri carrying credentials without echoing them', () => {
    keep('hunter2-password');
    const config = { issuers: [remote('https://user:hunter2-password@idp.example/jwks')] };
    expectConfigurationError(config, 'issuers[0].keys.jwksUri', /credentials/);
  });

  test('rejects discovery from a plain-http issuer on a non-loopback host', () => {
    const config = { issuers: [issuer({ issuer: 'http://idp.example', keys: { type: 'discovery' } })] };
    expectConfigurationError(config, 'issuers[0].issuer', /https/);
  });
});

describe('numeric options', () => {
  const R = 'keyRefresh';
  test.each([
    [
      'a negative clock tolerance',
      one({ clockToleranceSeconds: -1 }),
      `${I}.clockToleranceSeconds`,
      /from 0 to 3600/,
    ],
    [
      'a NaN clock tolerance',
      one({ clockToleranceSeconds: Number.NaN }),
      `${I}.clockToleranceSeconds`,
      /a number from 0/,
    ],
    [
      'an infinite maxTokenAge',
      one({ maxTokenAgeSeconds: Number.POSITIVE_INFINITY }),
      `${I}.maxTokenAge`,
      /a number from 0/,
    ],
    [
      'a string maxTokenAge',
      one({ maxTokenAgeSeconds: '5m' as never }),
      `${I}.maxTokenAgeSeconds`,
      /a number from 0/,
    ],
    ['a non-integer cacheMaxEntries', top({ cacheMaxEntries: 1.5 }), 'cacheMaxEntries', /an integer from 0/],
    ['a negative cacheMaxEntries', top({ cacheMaxEntries: -1 }), 'cacheMaxEntries', /an integer from 0/],
    ['a NaN maxTokenBytes', top({ maxTokenBytes: Number.NaN }), 'maxTokenBytes', /an integer from 16/],
    ['a maxJsonDepth of 0', top({ maxJsonDepth: 0 }), 'maxJsonDepth', /an integer from 1 to 64/],
    ['a keyRefresh that is not an object', top({ keyRefresh: 5 }), R, /must be an object/],
    [
      'a zero fetch timeout',
      top({ [R]: { fetchTimeoutMilliseconds: 0 } }),
      `${R}.fetchTimeout`,
      /an integer from 1/,
    ],
    ['a negative cooldown', top({ [R]: { cooldownSeconds: -5 } }), `${R}.cooldownSeconds`, /a number from 0/],
    [
      'a clock tolerance in milliseconds by mistake (over an hour)',
      one({ clockToleranceSeconds: 30_000 }),
      `${I}.clockToleranceSeconds`,
      /from 0 to 3600/,
    ],
    ['a cache larger than a Map can hold', top({ cacheMaxEntries: 1e12 }), 'cacheMaxEntries', /to 10000000/],
    [
      'a refresh interval longer than a Node timer can wait',
      top({ [R]: { maxRefreshSeconds: 30 * 86_400 } }),
      `${R}.maxRefreshSeconds`,
      /to 2147483/,
    ],
    [
      'a fetch timeout beyond five minutes',
      top({ [R]: { fetchTimeoutMilliseconds: 2 ** 31 } }),
      `${R}.fetchTimeoutMilliseconds`,
      /to 300000/,
    ],
    [
      'defaultRefreshSeconds above maxRefreshSeconds',
      top({ [R]: { defaultRefreshSeconds: 7200, maxRefreshSeconds: 3600 } }),
      `${R}.defaultRefreshSeconds`,
      /must lie between/,
    ],
    [
      'a misspelled top-level option',
      top({ cacheSize: 5 } as never),
      'the verifier configuration',
      /unknown option "cacheSize"/,
    ],
    [
      'a misspelled issuer option',
      one({ clockTolerance: 0 } as never),
      `${I}`,
      /unknown option "clockTolerance"; the options are .*clockToleranceSeconds/,
    ],
    ['a misspelled keyRefresh option', top({ [R]: { cooldown: 1 } }), R, /unknown option "cooldown"/],
    [
      'an audience with surrounding whitespace',
      one({ audience: ' orders' }),
      `${I}.audience`,
      /without surrounding whitespace/,
    ],
    [
      'minRefreshSeconds above maxRefreshSeconds',
      top({ [R]: { minRefreshSeconds: 600, maxRefreshSeconds: 60 } }),
      `${R}.minRefreshSeconds`,
      /must not exceed keyRefresh.maxRefreshSeconds/,
    ],
  ])('rejects %s', (_, config, path, fix) => {
    expectConfigurationError(config, path, fix);
  });

  test('accepts cacheMaxEntries 0 (caching off) and a clock tolerance of 0', () => {
    const build = () =>
      createJwtVerifier({ issuers: [issuer({ clockToleranceSeconds: 0 })], cacheMaxEntries: 0 });
    expect(build).not.toThrow();
    const verifier = build();
    expect(verifier.keyStatus()).toMatchObject([{ state: 'static' }]);
    verifier.close();
  });
});
