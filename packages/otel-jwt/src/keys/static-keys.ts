import { createPublicKey, createSecretKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import { ConfigurationError } from '../errors.js';
import { decodeBase64url } from '../internal/base64url.js';
import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import type { JwsAlgorithm } from './algorithms.js';
import { algorithmSpec } from './algorithms.js';
import { type BoundKey, keyUnfitness } from './bound-key.js';
import { bindJwk, isRefusal } from './jwk-binding.js';
import type { StaticKey } from './key-config.js';

/** The options each kind of static key entry takes. */
const ENTRY_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  secret: ['type', 'secret', 'alg', 'kid'],
  pem: ['type', 'pem', 'alg', 'kid'],
  jwk: ['type', 'jwk', 'alg'],
  jwks: ['type', 'jwks'],
};

/**
 * Imports the keys written in the configuration, synchronously, so that a wrong key fails at start-up
 * with a message naming where it is. Messages never echo key material.
 */
export function importStaticKeys(
  keys: readonly StaticKey[],
  path: string,
  allowed: readonly JwsAlgorithm[],
): BoundKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigurationError(`${path}.keys must list at least one key`);
  }
  const bound: BoundKey[] = [];
  // Where each kid was first configured: a second key of that kid would make lookups depend on order.
  const kidPlaces = new Map<string, string>();
  const take = (key: BoundKey, at: string): void => {
    const first = key.kid === undefined ? undefined : kidPlaces.get(key.kid);
    if (first !== undefined) throw new ConfigurationError(`${at} repeats the kid of ${first}`);
    if (key.kid !== undefined) kidPlaces.set(key.kid, at);
    bound.push(key);
  };
  keys.forEach((entry, index) => {
    const where = `${path}.keys[${index}]`;
    if (entry !== null && typeof entry === 'object' && Object.hasOwn(ENTRY_OPTIONS, entry.type)) {
      knownOptions(entry, ENTRY_OPTIONS[entry.type] as readonly string[], where);
    }
    if (entry?.type !== 'jwks') {
      take(importOne(entry, where, allowed), where);
      return;
    }
    if (!Array.isArray(entry.jwks?.keys))
      throw new ConfigurationError(`${where}.jwks must be a JWK set with a "keys" array`);
    const set: readonly JWK[] = entry.jwks.keys;
    set.forEach((jwk, j) => {
      const at = `${where}.jwks.keys[${j}]`;
      refusePrivate(jwk, at);
      const spec = bindJwk(jwk, allowed);
      if (isRefusal(spec)) {
        // RFC 7517 §5: a set may hold keys for other uses, as the remote path finds; a broken key of a
        // usable kind is a mistake in the configuration.
        if (!spec.unusable) throw new ConfigurationError(`${at}: ${spec.reason}`);
        diagnostics.warn(`otel-jwt: skipped ${at}: ${spec.reason}`);
        return;
      }
      take(bind(importJwk(jwk, at), spec.alg, jwk.kid, at), at);
    });
  });
  if (bound.length === 0) {
    throw new ConfigurationError(`${path} holds no key for any algorithm of the issuer's allow-list`);
  }
  // Only a lone configured key serves any kid; among several, each serves its own kid only.
  return bound.length === 1 ? bound : bound.map(({ anyKid: _, ...key }) => key);
}

function importOne(entry: StaticKey, where: string, allowed: readonly JwsAlgorithm[]): BoundKey {
  const single = entry?.type === 'secret' || entry?.type === 'pem';
  if (single && algorithmSpec(entry.alg) !== undefined && !allowed.includes(entry.alg)) {
    throw new ConfigurationError(
      `${where}.alg must be one of the issuer's algorithms (${allowed.join(', ')})`,
    );
  }
  switch (entry?.type) {
    case 'secret': {
      const bytes = typeof entry.secret === 'string' ? Buffer.from(entry.secret, 'utf8') : entry.secret;
      if (!(bytes instanceof Uint8Array))
        throw new ConfigurationError(`${where}.secret must be a string or Uint8Array`);
      return bind(createSecretKey(bytes), entry.alg, entry.kid, where, true);
    }
    case 'pem':
      return bind(importPem(entry.pem, where), entry.alg, entry.kid, where, true);
    case 'jwk': {
      const own = entry.jwk?.alg as JwsAlgorithm | undefined;
      if (entry.alg !== undefined && own !== undefined && entry.alg !== own) {
        throw new ConfigurationError(`${where}.alg differs from the JWK's own "alg"; give one of them`);
      }
      const alg = entry.alg ?? own;
      if (alg === undefined) throw new ConfigurationError(`${where}: give "alg" in the entry or in the JWK`);
      refusePrivate(entry.jwk, where);
      const spec = bindJwk({ ...entry.jwk, alg }, allowed);
      if (isRefusal(spec)) throw new ConfigurationError(`${where}: ${spec.reason}`);
      return bind(importJwk(entry.jwk, where), alg, entry.jwk.kid, where, true);
    }
    default:
      throw new ConfigurationError(`${where}.type must be "secret", "pem", "jwk" or "jwks"`);
  }
}

function importPem(pem: unknown, where: string): KeyObject {
  if (typeof pem !== 'string') throw new ConfigurationError(`${where}.pem must be a PEM string`);
  if (pem.includes('PRIVATE KEY')) {
    throw new ConfigurationError(
      `${where}.pem is a private key: configure the public key (SPKI) or certificate`,
    );
  }
  try {
    return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch {
    throw new ConfigurationError(`${where}.pem is not a valid PEM public key or X.509 certificate`);
  }
}

/**
 * The members holding key material. Node's decoder skips what is not base64url, so a mistyped key would
 * load as another, shorter one: refused here with the member named.
 */
const KEY_MEMBERS = ['n', 'e', 'x', 'y', 'k'] as const;

/** Private material in the configuration is a mistake to stop at, whatever else is wrong with the key. */
function refusePrivate(jwk: JWK, where: string): void {
  if (jwk !== null && typeof jwk === 'object' && jwk.d !== undefined)
    throw new ConfigurationError(`${where} is a private JWK: configure the public key`);
}

function importJwk(jwk: JWK, where: string): KeyObject {
  if (jwk === null || typeof jwk !== 'object')
    throw new ConfigurationError(`${where}.jwk must be a JWK object`);
  refusePrivate(jwk, where);
  for (const member of KEY_MEMBERS) {
    const value = jwk[member];
    if (value !== undefined && (typeof value !== 'string' || decodeBase64url(value) === undefined))
      throw new ConfigurationError(`${where}.${member} must be canonical base64url`);
  }
  try {
    if (jwk.kty === 'oct') return createSecretKey(decodeBase64url(String(jwk.k)) ?? Buffer.alloc(0));
    return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    throw new ConfigurationError(`${where} is not a valid public JWK`);
  }
}

function bind(key: KeyObject, alg: JwsAlgorithm, kid: unknown, where: string, single = false): BoundKey {
  const spec = algorithmSpec(alg);
  if (spec === undefined)
    throw new ConfigurationError(`${where}.alg must be one of the supported JWS algorithms`);
  const unfit = keyUnfitness(key, spec);
  if (unfit !== undefined) throw new ConfigurationError(`${where}: ${unfit}`);
  if (kid !== undefined && typeof kid !== 'string')
    throw new ConfigurationError(`${where}.kid must be a string`);
  return single && kid === undefined ? { kid, spec, key, anyKid: true } : { kid, spec, key };
}
