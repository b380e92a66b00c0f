import { macsEqual } from '../internal/hmac-sha256.js';
import type { TelemetryKeys } from './telemetry-keys.js';

/**
 * The subject proof travels in baggage as `<version>.<subject digest>.<trace mac>`: the digest names the
 * subject without revealing it (to anyone without the key), the mac binds it to one trace id so a proof
 * copied into another trace does not check.
 */
const PROOF_SHAPE = /^(k1|h1)\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

export type ProofCheck = { readonly valid: true; readonly subjectDigest: string } | { readonly valid: false };

const INVALID: ProofCheck = Object.freeze({ valid: false });

/** A W3C trace id that is not the all-zero invalid one: the only kind a proof may be bound to. */
export function isTraceId(traceId: string | undefined): traceId is string {
  return traceId !== undefined && TRACE_ID.test(traceId);
}

export function issueProof(keys: TelemetryKeys, traceId: string, subjectDigest: string): string {
  return `${keys.proofVersion}.${subjectDigest}.${keys.proofMac(traceId, subjectDigest)}`;
}

/** Digest and mac of a well-formed proof of this deployment's version for a valid trace id. */
function parseProof(keys: TelemetryKeys, value: string, traceId: string | undefined) {
  if (!isTraceId(traceId)) return undefined;
  const match = PROOF_SHAPE.exec(value);
  if (match === null || match[1] !== keys.proofVersion) return undefined;
  return { traceId, digest: match[2] as string, mac: match[3] as string };
}

/** The digest a well-formed proof of this deployment's version claims, not yet authenticated. */
export function claimedDigest(
  keys: TelemetryKeys,
  value: string,
  traceId: string | undefined,
): string | undefined {
  return parseProof(keys, value, traceId)?.digest;
}

/**
 * Checks a proof from upstream against the trace id of the inbound trace context. `authenticated` is a
 * digest whose binding to this trace another mac already showed (a checking entries proof covers the
 * trace id and the digest): a proof claiming it needs no second mac.
 */
export function checkProof(
  keys: TelemetryKeys,
  value: string,
  traceId: string | undefined,
  authenticated?: string,
): ProofCheck {
  const proof = parseProof(keys, value, traceId);
  if (proof === undefined) return INVALID;
  const { digest } = proof;
  if (authenticated !== undefined && digest === authenticated) return { valid: true, subjectDigest: digest };
  return macsEqual(keys.proofMac(proof.traceId, digest), proof.mac)
    ? { valid: true, subjectDigest: digest }
    : INVALID;
}
