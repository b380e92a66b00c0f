import type { KeyObject } from 'node:crypto';
import type { AlgorithmSpec } from './algorithms.js';
import { MIN_RSA_BITS } from './algorithms.js';

/** A verification key tied to exactly one algorithm: it never verifies under any other. */
export interface BoundKey {
  readonly kid: string | undefined;
  readonly spec: AlgorithmSpec;
  readonly key: KeyObject;
  /**
   * A single configured key without `kid` serves tokens whatever `kid` they name, as jose does when
   * handed one key. Keys of a key set (static or remote) only serve their own `kid`, as in a JWKS.
   */
  readonly anyKid?: true;
}

/**
 * Why a key cannot serve its algorithm, or undefined if it can. Closes alg confusion (an RSA public key
 * used as an HMAC secret), weak keys (short secrets, small RSA moduli, RSA exponents below 3 or even)
 * and curve mix-ups.
 */
export function keyUnfitness(key: KeyObject, spec: AlgorithmSpec): string | undefined {
  switch (spec.family) {
    case 'hmac': {
      if (key.type !== 'secret') return `a ${spec.alg} key must be a shared secret`;
      const bytes = key.symmetricKeySize ?? 0;
      const needed = spec.signatureBytes ?? 0;
      return bytes < needed ? `a ${spec.alg} secret must be at least ${needed} bytes long` : undefined;
    }
    case 'rsa':
    case 'rsa-pss': {
      const type = key.asymmetricKeyType;
      if (key.type !== 'public' || (type !== 'rsa' && !(type === 'rsa-pss' && spec.family === 'rsa-pss'))) {
        return `a ${spec.alg} key must be an RSA public key`;
      }
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) return `an RSA key must have at least ${MIN_RSA_BITS} bits`;
      return rsaExponentFits(key.asymmetricKeyDetails?.publicExponent)
        ? undefined
        : 'an RSA key must have an odd public exponent of at least 3';
    }
    case 'ecdsa':
      if (key.type !== 'public' || key.asymmetricKeyType !== 'ec')
        return `a ${spec.alg} key must be an EC public key`;
      return key.asymmetricKeyDetails?.namedCurve === spec.curve
        ? undefined
        : `a ${spec.alg} key must be on curve ${spec.curve}`;
    case 'eddsa':
      return key.type === 'public' && key.asymmetricKeyType === 'ed25519'
        ? undefined
        : `an ${spec.alg} key must be an Ed25519 public key`;
  }
}

/**
 * With e = 1 every padded message is its own signature, so anyone could mint tokens; an even e (or 0)
 * makes no RSA key at all. node:crypto and OpenSSL take both, so the check is ours. RSA-PSS keys too.
 */
function rsaExponentFits(exponent: bigint | undefined): boolean {
  return typeof exponent === 'bigint' && exponent >= 3n && exponent % 2n === 1n;
}
