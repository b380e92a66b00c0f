import type { JWK } from 'jose';
import type { AlgorithmSpec, JwsAlgorithm } from './algorithms.js';
import { algorithmSpec } from './algorithms.js';

/** Reason given for a key whose algorithm the issuer does not allow: skipped in key sets, not an error. */
export const NOT_ALLOWED = 'key algorithm is not in the allow-list';

const EC_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
};

/**
 * The one algorithm a JWK from a key set serves, or a reason to skip it. A JWK's own `alg` wins.
 * Without one: EC keys by curve, Ed25519 keys as EdDSA (or Ed25519), and RSA keys by the first RSA
 * algorithm of the issuer's allow-list, so each key still serves exactly one algorithm.
 */
export function bindJwk(jwk: JWK, allowed: readonly JwsAlgorithm[]): AlgorithmSpec | string {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) return 'must be a JWK object';
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'key is not for signatures';
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) {
    return 'key does not allow verify';
  }
  let alg: JwsAlgorithm | undefined;
  if (jwk.alg !== undefined) {
    alg = algorithmSpec(jwk.alg)?.alg;
    if (alg === undefined) return 'key algorithm is not supported';
  } else if (jwk.kty === 'EC') {
    alg = EC_ALGORITHMS[String(jwk.crv)];
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    alg = allowed.includes('EdDSA') || !allowed.includes('Ed25519') ? 'EdDSA' : 'Ed25519';
  } else if (jwk.kty === 'RSA') {
    alg = allowed.find((a) => a.startsWith('RS') || a.startsWith('PS'));
  }
  if (alg === undefined) return 'key type is not supported';
  if (!allowed.includes(alg)) return NOT_ALLOWED;
  return algorithmSpec(alg) as AlgorithmSpec;
}
