import type { JWK } from 'jose';
import type { AlgorithmSpec, JwsAlgorithm } from './algorithms.js';
import { algorithmSpec } from './algorithms.js';

/** Reason given for a key whose algorithm the issuer does not allow: skipped in key sets, not an error. */
export const NOT_ALLOWED = 'key algorithm is not in the allow-list';

const EC_ALGORITHMS: ReadonlyMap<unknown, JwsAlgorithm> = new Map([
  ['P-256', 'ES256'],
  ['P-384', 'ES384'],
  ['P-521', 'ES512'],
]);

/** `key_ops` as jose accepts it for a verification key: distinct strings, `verify` among them, nothing else. */
function keyOpsProblem(ops: unknown): string | undefined {
  if (ops === undefined) return undefined;
  if (!Array.isArray(ops) || ops.length !== 1 || ops[0] !== 'verify')
    return 'key_ops must be exactly ["verify"]';
  return undefined;
}

/**
 * The one algorithm a JWK from a key set serves, or a reason to skip it. A JWK's own `alg` wins.
 * Without one: EC keys by curve, Ed25519 keys as EdDSA (or Ed25519), and RSA keys by the first RSA
 * algorithm of the issuer's allow-list, so each key still serves exactly one algorithm.
 */
export function bindJwk(jwk: JWK, allowed: readonly JwsAlgorithm[]): AlgorithmSpec | string {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) return 'must be a JWK object';
  if (typeof jwk.kty !== 'string') return 'kty must be a string';
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'key is not for signatures';
  if (jwk.ext !== undefined && typeof jwk.ext !== 'boolean') return 'ext must be a boolean';
  const opsProblem = keyOpsProblem(jwk.key_ops);
  if (opsProblem !== undefined) return opsProblem;
  let alg: JwsAlgorithm | undefined;
  if (jwk.alg !== undefined) {
    alg = algorithmSpec(jwk.alg)?.alg;
    if (alg === undefined) return 'key algorithm is not supported';
  } else if (jwk.kty === 'EC') {
    alg = EC_ALGORITHMS.get(jwk.crv);
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    alg = allowed.includes('EdDSA') || !allowed.includes('Ed25519') ? 'EdDSA' : 'Ed25519';
  } else if (jwk.kty === 'RSA') {
    alg = allowed.find((a) => a.startsWith('RS') || a.startsWith('PS'));
  }
  if (alg === undefined) return 'key type is not supported';
  if (!allowed.includes(alg)) return NOT_ALLOWED;
  return algorithmSpec(alg) as AlgorithmSpec;
}
