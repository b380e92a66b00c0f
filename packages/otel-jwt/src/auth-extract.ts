import type { Attributes, Baggage, BaggageEntry } from '@opentelemetry/api';
import {
  ATTR_JWT_BAGGAGE_REMOVAL_REASON,
  ATTR_JWT_BAGGAGE_REMOVED,
  ATTR_JWT_ERROR_CODE,
  ATTR_JWT_RESULT,
  ATTR_JWT_SUBJECT_CHANGED,
  ATTR_JWT_SUBJECT_VERDICT,
  BAGGAGE_JWT_SUBJECT_PROOF,
} from './attribute-keys.js';
import type { Identity } from './identity.js';
import type { AuthResult, BaggageRemovalReason, SubjectVerdict } from './request-auth.js';
import { checkProof } from './subject-proof.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** Whether a baggage key is an auth entry: the `jwt.` and `user.` namespaces and the configured keys. */
export function isAuthKey(key: string, settings: TelemetrySettings): boolean {
  return key.startsWith('jwt.') || key.startsWith('user.') || settings.protectedKeys.has(key);
}

export interface ProofOutcome {
  readonly verdict: SubjectVerdict | undefined;
  readonly upstreamProofValid: boolean;
  /** Whether inbound auth entries other than the proof may stay. */
  readonly vouched: boolean;
  readonly reason: BaggageRemovalReason;
}

/** Compares this hop's verified subject with the proof from upstream (see {@link SubjectVerdict}). */
export function judgeSubject(
  settings: TelemetrySettings,
  result: AuthResult,
  identity: Identity | undefined,
  proofValue: string | undefined,
  traceId: string | undefined,
): ProofOutcome {
  const proof = proofValue === undefined ? undefined : checkProof(settings.keys, proofValue, traceId);
  const upstream = proof?.valid === true ? proof.subjectDigest : undefined;
  const upstreamProofValid = upstream !== undefined;
  if (identity === undefined) {
    const verdict = upstreamProofValid
      ? result.status === 'absent'
        ? 'token_dropped'
        : 'token_invalid'
      : undefined;
    return { verdict, upstreamProofValid, vouched: false, reason: 'no_verified_token' };
  }
  if (proof === undefined)
    return { verdict: 'no_upstream_proof', upstreamProofValid, vouched: false, reason: 'missing_proof' };
  if (!upstreamProofValid)
    return { verdict: 'no_upstream_proof', upstreamProofValid, vouched: false, reason: 'invalid_proof' };
  if (identity.subjectDigest !== upstream)
    return { verdict: 'changed', upstreamProofValid, vouched: false, reason: 'subject_mismatch' };
  // An unkeyed proof can be computed by the caller itself, so it vouches for no baggage entry.
  return {
    verdict: identity.delegated ? 'delegated' : 'consistent',
    upstreamProofValid,
    vouched: settings.keys.keyed,
    reason: 'missing_proof',
  };
}

export interface BaggagePlan {
  /** The new baggage entries (own entries first), or undefined when the inbound baggage stays as it is. */
  readonly entries: Record<string, BaggageEntry> | undefined;
  readonly removed: readonly string[];
}

/**
 * Removes inbound auth entries the hop cannot vouch for (a valid proof always stays: it is
 * authenticated) and adds the entries of this hop's verified token, first so that they are never the
 * ones the header size limit drops.
 */
export function planBaggage(
  settings: TelemetrySettings,
  inbound: Baggage | undefined,
  outcome: ProofOutcome,
  own: Identity | undefined,
): BaggagePlan {
  const removed: string[] = [];
  const kept: [string, BaggageEntry][] = [];
  if (inbound !== undefined) {
    for (const [key, entry] of inbound.getAllEntries()) {
      if (!isAuthKey(key, settings)) kept.push([key, entry]);
      else if (key === BAGGAGE_JWT_SUBJECT_PROOF ? outcome.upstreamProofValid : outcome.vouched)
        kept.push([key, entry]);
      else removed.push(key);
    }
  }
  const ownEntries = own?.baggage ?? [];
  if (removed.length === 0 && ownEntries.length === 0) return { entries: undefined, removed };
  const entries: Record<string, BaggageEntry> = {};
  for (const [key, entry] of ownEntries) entries[key] = entry;
  for (const [key, entry] of kept) if (!(key in entries)) entries[key] = entry;
  return { entries, removed };
}

const resultAttributes = new Map<string, Attributes>();

/** Frozen `jwt.result` / `jwt.error_code` pair per outcome, shared by every request with that outcome. */
function outcomeAttributes(result: AuthResult): Attributes {
  const id =
    result.status === 'valid' || result.status === 'absent'
      ? result.status
      : `${result.status}:${result.code}`;
  let attributes = resultAttributes.get(id);
  if (attributes === undefined) {
    attributes =
      result.status === 'valid' || result.status === 'absent'
        ? { [ATTR_JWT_RESULT]: result.status }
        : { [ATTR_JWT_RESULT]: result.status, [ATTR_JWT_ERROR_CODE]: result.code };
    resultAttributes.set(id, Object.freeze(attributes));
  }
  return attributes;
}

/** Attributes of the entry span: the token's identity plus what this request's checks found. */
export function entryAttributes(
  result: AuthResult,
  identity: Identity | undefined,
  outcome: ProofOutcome,
  removed: readonly string[],
): Attributes {
  const attributes: Attributes = { ...outcomeAttributes(result), ...identity?.attributes };
  if (outcome.verdict !== undefined) attributes[ATTR_JWT_SUBJECT_VERDICT] = outcome.verdict;
  if (outcome.verdict === 'changed') attributes[ATTR_JWT_SUBJECT_CHANGED] = true;
  if (removed.length > 0) {
    attributes[ATTR_JWT_BAGGAGE_REMOVED] = removed;
    attributes[ATTR_JWT_BAGGAGE_REMOVAL_REASON] = outcome.reason;
  }
  return attributes;
}
