import { OtelJwtError } from '../errors.js';

/** Why fetching or reading a remote key set failed. Stable strings, reported in diagnostics and status. */
export type KeySourceErrorCode =
  | 'fetch_timeout'
  | 'fetch_failed'
  | 'http_error'
  | 'response_too_large'
  | 'invalid_json'
  | 'invalid_jwks'
  | 'no_usable_keys'
  | 'invalid_discovery'
  | 'discovery_issuer_mismatch';

const MESSAGES: Readonly<Record<KeySourceErrorCode, string>> = {
  fetch_timeout: 'key endpoint did not answer in time',
  fetch_failed: 'key endpoint could not be reached',
  http_error: 'key endpoint answered with a status other than 200',
  response_too_large: 'key endpoint response exceeds maxResponseBytes',
  invalid_json: 'key endpoint response is not JSON',
  invalid_jwks: 'response is not a JWK set',
  no_usable_keys: 'JWK set holds no key usable under the issuer policy',
  invalid_discovery: 'discovery document is invalid or has no usable jwks_uri',
  discovery_issuer_mismatch: 'discovery document names a different issuer',
};

export class KeySourceError extends OtelJwtError {
  declare readonly code: KeySourceErrorCode;

  constructor(code: KeySourceErrorCode) {
    super(code, MESSAGES[code]);
  }
}
