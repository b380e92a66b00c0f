import { boundedFetch } from './bounded-fetch.js';
import { discoveryUrl, isLoopbackIssuer, keyEndpointProblem } from './endpoint-url.js';
import { KeySourceError } from './key-source-error.js';

/**
 * Reads the issuer's OpenID Connect discovery document and returns its `jwks_uri`. The document must
 * name the configured issuer exactly (OIDC Discovery §4.3), or the keys it points to are not the issuer's,
 * and its `jwks_uri` must be https (plain loopback http only when the issuer itself is on loopback).
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number, maxBytes: number): Promise<string> {
  const response = await boundedFetch(
    discoveryUrl(issuer),
    { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) },
    maxBytes,
  );
  if (response.status !== 200) throw new KeySourceError('http_error');
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new KeySourceError('invalid_json');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new KeySourceError('invalid_discovery');
  }
  const { issuer: named, jwks_uri: jwksUri } = document as Record<string, unknown>;
  if (typeof named !== 'string') throw new KeySourceError('invalid_discovery');
  if (named !== issuer) throw new KeySourceError('discovery_issuer_mismatch');
  if (keyEndpointProblem(jwksUri, isLoopbackIssuer(issuer)) !== undefined) {
    throw new KeySourceError('invalid_discovery');
  }
  return jwksUri as string;
}
