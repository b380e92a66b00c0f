import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { expect } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { JwsAlgorithm } from '../../src/keys/algorithms.js';
import type { StaticKey } from '../../src/keys/key-config.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import { rsaJwkWithExponent } from './weak-rsa.js';

// Keys and entries for the static key tests, made at run time, and the check that a refusal names its
// place and echoes no key material.

export const PATH = 'issuers[0].keys';
export const K = `${PATH}.keys`;
export const ALLOWED: readonly JwsAlgorithm[] = ['ES256', 'RS256', 'PS256', 'EdDSA', 'HS256'];

const material: string[] = [];
const remember = (jwk: JWK): JWK => {
  for (const v of [jwk.n, jwk.x, jwk.y, jwk.d, jwk.k])
    if (typeof v === 'string' && v.length > 8) material.push(v);
  return jwk;
};
remember(rsaJwkWithExponent(65537n));

/** The JWK of `key` with `extra` members; its material may appear in no message. */
export const jwkOf = (key: KeyObject, extra: JWK = {}): JWK =>
  remember({ ...key.export({ format: 'jwk' }), ...extra });
export const pemOf = (key: KeyObject): string => String(key.export({ type: 'spki', format: 'pem' }));
export const pem = (text: string, alg: JwsAlgorithm, kid?: string): StaticKey => ({
  type: 'pem',
  pem: text,
  alg,
  ...(kid && { kid }),
});
export const jwks = (...keys: unknown[]): StaticKey => ({ type: 'jwks', jwks: { keys: keys as JWK[] } });
export const secret = (kid: string): StaticKey => ({
  type: 'secret',
  secret: randomBytes(32),
  alg: 'HS256',
  kid,
});

export const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const x25519 = generateKeyPairSync('x25519');
/** A usable ES256 member under `kid`. */
export const good = (kid: string): JWK => jwkOf(p256.publicKey, { kid });

/** Importing `keys` throws a ConfigurationError naming `path`, matching `fix`, echoing no material. */
export function expectRejected(keys: readonly StaticKey[], path: string, fix: RegExp): string {
  let error: unknown;
  try {
    importStaticKeys(keys, PATH, ALLOWED);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { message } = error as ConfigurationError;
  expect(message).toContain(path);
  expect(message).toMatch(fix);
  for (const part of material) expect(message).not.toContain(part);
  expect(message).not.toMatch(/[A-Za-z0-9+/_-]{40,}/);
  return message;
}

/** Whether a diagnostic carries any key material made here. */
export const carriesMaterial = (text: string): boolean => material.some((part) => text.includes(part));
