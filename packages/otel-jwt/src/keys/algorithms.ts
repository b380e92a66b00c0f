import { constants } from 'node:crypto';

/** JWS algorithms the verifier supports (RFC 7518, RFC 8037, RFC 9864). */
export type JwsAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

export type AlgorithmFamily = 'hmac' | 'rsa' | 'rsa-pss' | 'ecdsa' | 'eddsa';

export interface AlgorithmSpec {
  readonly alg: JwsAlgorithm;
  readonly family: AlgorithmFamily;
  /** Digest name for node:crypto; null for EdDSA, which hashes internally. */
  readonly hash: 'sha256' | 'sha384' | 'sha512' | null;
  /** Exact signature length in bytes where the algorithm fixes it (HMAC, ECDSA, EdDSA). */
  readonly signatureBytes: number | undefined;
  /** Named curve for ECDSA/EdDSA keys, as node:crypto reports it. */
  readonly curve: string | undefined;
}

function spec(
  alg: JwsAlgorithm,
  family: AlgorithmFamily,
  hash: AlgorithmSpec['hash'],
  signatureBytes?: number,
  curve?: string,
): AlgorithmSpec {
  return { alg, family, hash, signatureBytes, curve };
}

const SPECS: ReadonlyMap<string, AlgorithmSpec> = new Map(
  [
    spec('HS256', 'hmac', 'sha256', 32),
    spec('HS384', 'hmac', 'sha384', 48),
    spec('HS512', 'hmac', 'sha512', 64),
    spec('RS256', 'rsa', 'sha256'),
    spec('RS384', 'rsa', 'sha384'),
    spec('RS512', 'rsa', 'sha512'),
    spec('PS256', 'rsa-pss', 'sha256'),
    spec('PS384', 'rsa-pss', 'sha384'),
    spec('PS512', 'rsa-pss', 'sha512'),
    spec('ES256', 'ecdsa', 'sha256', 64, 'prime256v1'),
    spec('ES384', 'ecdsa', 'sha384', 96, 'secp384r1'),
    spec('ES512', 'ecdsa', 'sha512', 132, 'secp521r1'),
    spec('EdDSA', 'eddsa', null, 64, 'ed25519'),
    spec('Ed25519', 'eddsa', null, 64, 'ed25519'),
  ].map((s) => [s.alg, s]),
);

/** Every supported algorithm name. */
export const SUPPORTED_ALGORITHMS: readonly JwsAlgorithm[] = [...SPECS.keys()] as JwsAlgorithm[];

/** Algorithms allowed by default for keys fetched from an identity provider: every asymmetric one. */
export const DEFAULT_REMOTE_ALGORITHMS: readonly JwsAlgorithm[] = SUPPORTED_ALGORITHMS.filter(
  (alg) => SPECS.get(alg)?.family !== 'hmac',
);

/** Looks up an algorithm by its exact, case-sensitive name (RFC 7515 §4.1.1); undefined if unsupported. */
export function algorithmSpec(alg: unknown): AlgorithmSpec | undefined {
  return typeof alg === 'string' ? SPECS.get(alg) : undefined;
}

export const PSS_OPTIONS = {
  padding: constants.RSA_PKCS1_PSS_PADDING,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
} as const;

/** Smallest accepted RSA modulus, as NIST SP 800-131A and jose require. */
export const MIN_RSA_BITS = 2048;
