import type { JWK } from 'jose';
import type { AlgorithmSpec, JwsAlgorithm } from './algorithms.js';
import { algorithmSpec } from './algorithms.js';

/**
 * Why a JWK cannot serve the issuer. `unusable`: a kind of key this verifier does not use (another key
 * type, curve, use, operation or algorithm), which a key set may hold and RFC 7517 §5 has ignored.
 * Otherwise the key is of a usable kind but malformed, a mistake rather than a neighbour.
 */
export interface JwkRefusal {
  readonly reason: string;
  readonly unusable: boolean;
}

const unusable = (reason: string): JwkRefusal => ({ reason, unusable: true });
const broken = (reason: string): JwkRefusal => ({ reason, unusable: false });

const NOT_ALLOWED = unusable('key algorithm is not in the allow-list');

const EC_ALGORITHMS: ReadonlyMap<unknown, JwsAlgorithm> = new Map([
  ['P-256', 'ES256'],
  ['P-384', 'ES384'],
  ['P-521', 'ES512'],
]);

/** The curves each curve-bearing key type may name; other types carry no `crv`. */
const CURVES: Readonly<Record<string, ReadonlySet<unknown>>> = {
  EC: new Set(EC_ALGORITHMS.keys()),
  OKP: new Set(['Ed25519']),
};

const KEY_TYPES: ReadonlySet<unknown> = new Set(['RSA', 'EC', 'OKP', 'oct']);

/**
 * `key_ops` as jose accepts it for a verification key: exactly `["verify"]`. Operations without
 * `verify` name a key for something else; anything else (repeats, `sign` as well) jose refuses.
 */
function keyOpsRefusal(ops: unknown): JwkRefusal | undefined {
  if (ops === undefined) return undefined;
  if (Array.isArray(ops) && ops.every((op) => typeof op === 'string') && !ops.includes('verify'))
    return unusable('key_ops do not include verify');
  if (!Array.isArray(ops) || ops.length !== 1 || ops[0] !== 'verify')
    return broken('key_ops must be exactly ["verify"]');
  return undefined;
}

/**
 * The one algorithm a JWK from a key set serves, or why it serves none. A JWK's own `alg` wins.
 * Without one: EC keys by curve, Ed25519 keys as EdDSA (or Ed25519), and RSA keys by the first RSA
 * algorithm of the issuer's allow-list, so each key still serves exactly one algorithm.
 */
export function bindJwk(jwk: JWK, allowed: readonly JwsAlgorithm[]): AlgorithmSpec | JwkRefusal {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) return broken('must be a JWK object');
  if (typeof jwk.kty !== 'string') return broken('kty must be a string');
  if (!KEY_TYPES.has(jwk.kty)) return unusable('key type is not supported');
  if (jwk.use !== undefined && typeof jwk.use !== 'string') return broken('use must be a string');
  if (jwk.use !== undefined && jwk.use !== 'sig') return unusable('key is not for signatures');
  if (jwk.ext !== undefined && typeof jwk.ext !== 'boolean') return broken('ext must be a boolean');
  const opsRefusal = keyOpsRefusal(jwk.key_ops);
  if (opsRefusal !== undefined) return opsRefusal;
  const curves = CURVES[jwk.kty];
  if (curves !== undefined && typeof jwk.crv !== 'string') return broken('crv must be a string');
  if (curves !== undefined && !curves.has(jwk.crv)) return unusable('key curve is not supported');
  let alg: JwsAlgorithm | undefined;
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string') return broken('alg must be a string');
    alg = algorithmSpec(jwk.alg)?.alg;
    if (alg === undefined) return unusable('key algorithm is not supported');
  } else if (jwk.kty === 'EC') {
    alg = EC_ALGORITHMS.get(jwk.crv);
  } else if (jwk.kty === 'OKP') {
    alg = allowed.includes('EdDSA') || !allowed.includes('Ed25519') ? 'EdDSA' : 'Ed25519';
  } else if (jwk.kty === 'RSA') {
    alg = allowed.find((a) => a.startsWith('RS') || a.startsWith('PS'));
    if (alg === undefined) return NOT_ALLOWED;
  }
  // Only a shared secret gets here without an algorithm: nothing says which HMAC it keys.
  if (alg === undefined) return broken('a shared secret (oct) needs its "alg"');
  if (!allowed.includes(alg)) return NOT_ALLOWED;
  return algorithmSpec(alg) as AlgorithmSpec;
}

/** Whether `bindJwk` refused the key. */
export function isRefusal(bound: AlgorithmSpec | JwkRefusal): bound is JwkRefusal {
  return 'reason' in bound;
}
