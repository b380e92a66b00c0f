import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors.js';
import { diagnostics } from '../internal/diagnostics.js';
import { hmacSha256, type Mac } from '../internal/hmac-sha256.js';

/**
 * Keyed digests of telemetry identifiers. One configured secret is split by HKDF into independent keys,
 * so a `user.hash` value says nothing about a proof or a token fingerprint and the other way round.
 */
export interface TelemetryKeys {
  /** Whether a shared secret was configured (proofs are then unforgeable without it). */
  readonly keyed: boolean;
  /** Version tag of the proofs this deployment issues and accepts. */
  readonly proofVersion: 'k1' | 'h1';
  /** `user.hash`: 32 hex characters (128 bits). */
  pseudonym(issuer: string, subject: string): string;
  /** Subject part of the proof: 22 base64url characters (128 bits). */
  subjectDigest(issuer: string, subject: string): string;
  /** Trace binding of the proof: 22 base64url characters (128 bits). */
  proofMac(traceId: string, subjectDigest: string): string;
  /** Mac of the entries proof: 22 base64url characters (128 bits). */
  entriesMac(input: string): string;
  /** `jwt.token_id` for a token without `jti`: 32 hex characters that cannot be turned back into the token. */
  fingerprint(token: string): string;
}

const MIN_KEY_BYTES = 32;

/** Unambiguous encoding of (issuer, subject): the issuer's length comes first. */
function identityInput(issuer: string, subject: string): string {
  return `${issuer.length}:${issuer}${subject}`;
}

function derive(secret: Uint8Array, label: string): Mac {
  return hmacSha256(
    new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), `otel-jwt ${label} v1`, 32)),
  );
}

function sha256(input: string, encoding: 'hex' | 'base64url'): string {
  return createHash('sha256').update(input).digest().toString(encoding, 0, 16);
}

/**
 * The proof mac covers the version tag too, so a proof relabelled from one version to the other fails
 * the mac as well as the version check.
 */
function traceInput(version: string, traceId: string, digest: string): string {
  return `trace ${version}.${traceId}.${digest}`;
}

/** Checks `hmacKey` and builds the keys; without one, proofs fall back to plain hashes (documented). */
export function telemetryKeys(hmacKey: unknown): TelemetryKeys {
  if (hmacKey === undefined) {
    diagnostics.warn(
      'otel-jwt: no hmacKey configured; subject proofs are plain hashes that anyone can compute, and user.hash pseudonyms are keyed per process',
    );
    const pseudonymMac = hmacSha256(randomBytes(32));
    return {
      keyed: false,
      proofVersion: 'h1',
      pseudonym: (issuer, subject) => pseudonymMac(identityInput(issuer, subject), 'hex'),
      subjectDigest: (issuer, subject) => sha256(`subject ${identityInput(issuer, subject)}`, 'base64url'),
      proofMac: (traceId, digest) => sha256(traceInput('h1', traceId, digest), 'base64url'),
      // Never sent: without a key nothing can vouch for entries. Defined so the shape stays one.
      entriesMac: (input) => sha256(input, 'base64url'),
      fingerprint: (token) => sha256(`token ${token}`, 'hex'),
    };
  }
  const secret = typeof hmacKey === 'string' ? Buffer.from(hmacKey, 'utf8') : hmacKey;
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_KEY_BYTES) {
    throw new ConfigurationError(
      `hmacKey must be a string or Uint8Array of at least ${MIN_KEY_BYTES} bytes, shared by the services of the deployment`,
    );
  }
  const pseudonymMac = derive(secret, 'user.hash');
  const proofMac = derive(secret, 'subject proof');
  const fingerprintMac = derive(secret, 'token fingerprint');
  return {
    keyed: true,
    proofVersion: 'k1',
    pseudonym: (issuer, subject) => pseudonymMac(identityInput(issuer, subject), 'hex'),
    subjectDigest: (issuer, subject) => proofMac(`subject ${identityInput(issuer, subject)}`, 'base64url'),
    proofMac: (traceId, digest) => proofMac(traceInput('k1', traceId, digest), 'base64url'),
    entriesMac: (input) => proofMac(input, 'base64url'),
    fingerprint: (token) => fingerprintMac(token, 'hex'),
  };
}
