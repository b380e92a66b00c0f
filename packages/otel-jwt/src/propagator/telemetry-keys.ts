import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors.js';
import { diagnostics } from '../internal/diagnostics.js';
import { hmacSha256, type Mac } from '../internal/hmac-sha256.js';

/** The proof operations of one `hmacKey`. */
export interface ProofKey {
  /**
   * Public id of the key: 6 base64url characters of a keyed hash of a fixed label, carried in each proof
   * so a receiver tells a proof made with a key it does not hold from a forgery. Empty without `hmacKey`.
   */
  readonly id: string;
  /** Subject part of the proof: 22 base64url characters (128 bits). */
  subjectDigest(issuer: string, subject: string): string;
  /** Trace binding of the proof: 22 base64url characters (128 bits). */
  proofMac(traceId: string, subjectDigest: string): string;
  /** Mac of the entries proof: 22 base64url characters (128 bits). */
  entriesMac(input: string): string;
}

/**
 * Keyed digests of telemetry identifiers. Each configured secret is split by HKDF into independent keys,
 * so a `user.hash` value says nothing about a proof or a token fingerprint and the other way round. The
 * first key signs (its operations are the ones of this object), every key listed checks proofs.
 */
export interface TelemetryKeys extends ProofKey {
  /** Whether a shared secret was configured (proofs are then unforgeable without it). */
  readonly keyed: boolean;
  /** Version tag of the proofs this deployment issues and accepts. */
  readonly proofVersion: 'k2' | 'h1';
  /** Ids of the keys proofs are checked with, the signing key's first; empty without `hmacKey`. */
  readonly ids: readonly string[];
  /** The key with this id, when this service holds it. */
  proofKey(id: string): ProofKey | undefined;
  /** `user.hash` (under the first key): 32 hex characters (128 bits). */
  pseudonym(issuer: string, subject: string): string;
  /** `jwt.token_id` for a token without `jti` (under the first key): 32 hex characters that cannot be turned back into the token. */
  fingerprint(token: string): string;
}

const MIN_KEY_BYTES = 32;
/** A rotation needs two keys at once; a few more leave room without making checks cost more. */
const MAX_KEYS = 4;
const KEY_PROBLEM = `must be a string or Uint8Array of at least ${MIN_KEY_BYTES} bytes, shared by the services of the deployment`;

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

/** The configured secrets, first (signing) key first; throws naming the entry at fault. */
function secretsOf(hmacKey: unknown): Uint8Array[] {
  const list = Array.isArray(hmacKey);
  const entries: unknown[] = list ? hmacKey : [hmacKey];
  if (list && (entries.length === 0 || entries.length > MAX_KEYS)) {
    throw new ConfigurationError(
      `hmacKey must be one key or a list of 1 to ${MAX_KEYS} keys (the first signs, every one checks)`,
    );
  }
  return entries.map((entry, index) => {
    const secret = typeof entry === 'string' ? Buffer.from(entry, 'utf8') : entry;
    if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_KEY_BYTES) {
      throw new ConfigurationError(`${list ? `hmacKey[${index}]` : 'hmacKey'} ${KEY_PROBLEM}`);
    }
    return secret;
  });
}

function proofKey(secret: Uint8Array): ProofKey {
  const proofMac = derive(secret, 'subject proof');
  return {
    id: derive(secret, 'key id')('otel-jwt hmacKey id', 'base64url').slice(0, 6),
    subjectDigest: (issuer, subject) => proofMac(`subject ${identityInput(issuer, subject)}`, 'base64url'),
    proofMac: (traceId, digest) => proofMac(traceInput('k2', traceId, digest), 'base64url'),
    entriesMac: (input) => proofMac(input, 'base64url'),
  };
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
      id: '',
      ids: [],
      proofKey: () => undefined,
      pseudonym: (issuer, subject) => pseudonymMac(identityInput(issuer, subject), 'hex'),
      subjectDigest: (issuer, subject) => sha256(`subject ${identityInput(issuer, subject)}`, 'base64url'),
      proofMac: (traceId, digest) => sha256(traceInput('h1', traceId, digest), 'base64url'),
      // Never sent: without a key nothing can vouch for entries. Defined so the shape stays one.
      entriesMac: (input) => sha256(input, 'base64url'),
      fingerprint: (token) => sha256(`token ${token}`, 'hex'),
    };
  }
  const secrets = secretsOf(hmacKey);
  const byId = new Map<string, ProofKey>();
  secrets.forEach((secret, index) => {
    const key = proofKey(secret);
    // The same key twice (or, by chance, two keys of one id) would make the id name no key in particular.
    if (byId.has(key.id)) throw new ConfigurationError(`hmacKey[${index}] repeats a key listed before it`);
    byId.set(key.id, key);
  });
  // user.hash and fingerprints follow the signing key: a rotation changes them once (README, Rotating hmacKey).
  const first = secrets[0] as Uint8Array;
  const pseudonymMac = derive(first, 'user.hash');
  const fingerprintMac = derive(first, 'token fingerprint');
  const signing = byId.values().next().value as ProofKey;
  return {
    ...signing,
    keyed: true,
    proofVersion: 'k2',
    ids: Object.freeze([...byId.keys()]),
    proofKey: (id) => byId.get(id),
    pseudonym: (issuer, subject) => pseudonymMac(identityInput(issuer, subject), 'hex'),
    fingerprint: (token) => fingerprintMac(token, 'hex'),
  };
}
