import { timingSafeEqual } from 'node:crypto';
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

export function issueProof(keys: TelemetryKeys, traceId: string, subjectDigest: string): string {
  return `${keys.proofVersion}.${subjectDigest}.${keys.proofMac(traceId, subjectDigest)}`;
}

/** The digest a well-formed proof of this deployment's version claims, not yet authenticated. */
export function claimedDigest(
  keys: TelemetryKeys,
  value: string,
  traceId: string | undefined,
): string | undefined {
  if (traceId === undefined || !TRACE_ID.test(traceId)) return undefined;
  const match = PROOF_SHAPE.exec(value);
  return match === null || match[1] !== keys.proofVersion ? undefined : match[2];
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
  if (traceId === undefined || !TRACE_ID.test(traceId)) return INVALID;
  const match = PROOF_SHAPE.exec(value);
  if (match === null || match[1] !== keys.proofVersion) return INVALID;
  const digest = match[2] as string;
  if (authenticated !== undefined && digest === authenticated) return { valid: true, subjectDigest: digest };
  // Constant time, so response timing cannot guide a forger through the mac one character at a time.
  const expected = Buffer.from(keys.proofMac(traceId, digest), 'latin1');
  const given = Buffer.from(match[3] as string, 'latin1');
  return timingSafeEqual(expected, given) ? { valid: true, subjectDigest: digest } : INVALID;
}
