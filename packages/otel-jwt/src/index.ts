export type { JwsAlgorithm } from './algorithms.js';
export { SUPPORTED_ALGORITHMS } from './algorithms.js';
export type {
  IssuerConfig,
  JwtVerifierConfig,
  KeyRefreshConfig,
  KeySourceConfig,
  StaticKey,
} from './config.js';
export { ConfigurationError, OtelJwtError } from './errors.js';
export type { JwtVerifier } from './jwt-verifier.js';
export type { KeySourceErrorCode } from './key-source-error.js';
export type { IssuerKeyStatus, KeyState } from './key-status.js';
export { createJwtVerifier } from './verifier.js';
export type {
  InvalidCode,
  InvalidResult,
  JwtClaims,
  JwtHeader,
  UnverifiedCode,
  UnverifiedResult,
  ValidResult,
  VerifyResult,
} from './verify-result.js';
