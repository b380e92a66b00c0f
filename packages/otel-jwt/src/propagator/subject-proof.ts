import { macsEqual } from '../internal/hmac-sha256.js';
import type { ProofKey, TelemetryKeys } from './telemetry-keys.js';

/**
 * The subject proof travels in baggage as `k2.<key id>.<subject digest>.<trace mac>` (`h1.<subject
 * digest>.<trace mac>` without `hmacKey`): the digest names the subject without revealing it (to anyone
 * without the key), the mac binds it to one trace id so a proof copied into another trace does not
 * check, and the key id says which `hmacKey` made both, so a receiver checks with that key or, holding
 * no key of that id, tells a proof of another key from a forgery.
 */
const KEYED_SHAPE = /^k2\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
const UNKEYED_SHAPE = /^h1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
/** Characters of the longest proof issued (a keyed one), for the baggage budget. */
export const PROOF_CHARS = 55;
/** The key id reported for an `h1` proof (made without `hmacKey`) reaching a keyed service. */
export const NO_KEY_ID = 'none';

export type ProofCheck = { readonly valid: true; readonly subjectDigest: string } | { readonly valid: false };

/**
 * A well-formed proof for a valid trace id: its digest and mac with the key to check them (not yet
 * checked), or, made with a key this service does not hold, that key's id alone.
 */
export type ReadProof =
  | { readonly key: ProofKey; readonly digest: string; readonly mac: string; readonly traceId: string }
  | { readonly key: undefined; readonly keyId: string };

const INVALID: ProofCheck = Object.freeze({ valid: false });

/** A W3C trace id that is not the all-zero invalid one: the only kind a proof may be bound to. */
export function isTraceId(traceId: string | undefined): traceId is string {
  return traceId !== undefined && TRACE_ID.test(traceId);
}

/** The proof of `subjectDigest` (made with the signing key) for this trace. */
export function issueProof(keys: TelemetryKeys, traceId: string, subjectDigest: string): string {
  const mac = keys.proofMac(traceId, subjectDigest);
  return keys.keyed ? `k2.${keys.id}.${subjectDigest}.${mac}` : `h1.${subjectDigest}.${mac}`;
}

/** Reads a proof without checking its mac; undefined when it is malformed or the trace id is not valid. */
export function readProof(
  keys: TelemetryKeys,
  value: string,
  traceId: string | undefined,
): ReadProof | undefined {
  if (!isTraceId(traceId)) return undefined;
  const keyed = KEYED_SHAPE.exec(value);
  if (keyed !== null) {
    const keyId = keyed[1] as string;
    const key = keys.proofKey(keyId);
    if (key === undefined) return { key: undefined, keyId };
    return { key, digest: keyed[2] as string, mac: keyed[3] as string, traceId };
  }
  const unkeyed = UNKEYED_SHAPE.exec(value);
  if (unkeyed === null) return undefined;
  // Anyone can compute an h1 proof: a keyed service takes it for one of a service without hmacKey.
  if (keys.keyed) return { key: undefined, keyId: NO_KEY_ID };
  return { key: keys, digest: unkeyed[1] as string, mac: unkeyed[2] as string, traceId };
}

/**
 * Checks a proof from upstream against the trace id of the inbound trace context, with the key it names.
 * `authenticated` is a digest whose binding to this trace another mac under the same key already showed (a
 * checking entries proof covers the trace id and the digest): a proof claiming it needs no second mac.
 */
export function checkProof(
  keys: TelemetryKeys,
  value: string,
  traceId: string | undefined,
  authenticated?: string,
): ProofCheck {
  const proof = readProof(keys, value, traceId);
  if (proof?.key === undefined) return INVALID;
  const { digest } = proof;
  if (authenticated !== undefined && digest === authenticated) return { valid: true, subjectDigest: digest };
  return macsEqual(proof.key.proofMac(proof.traceId, digest), proof.mac)
    ? { valid: true, subjectDigest: digest }
    : INVALID;
}
