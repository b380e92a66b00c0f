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
import { PlannedBaggage } from './planned-baggage.js';
import type { AuthResult, BaggageRemovalReason, SubjectVerdict } from './request-auth.js';
import { checkProof } from './subject-proof.js';
import type { TelemetrySettings } from './telemetry-settings.js';
import { holdsTokenPiece, looksLikeToken } from './token-material.js';

/** Whether a baggage key is an auth entry: the `jwt.` and `user.` namespaces and the configured keys. */
export function isAuthKey(key: string, settings: TelemetrySettings): boolean {
  return key.startsWith('jwt.') || key.startsWith('user.') || settings.protectedKeys.has(key);
}

const UNCHECKED_VERDICTS: Readonly<Record<AuthResult['status'], SubjectVerdict>> = {
  absent: 'token_dropped',
  invalid: 'token_invalid',
  unverified: 'token_unverified',
  valid: 'token_invalid',
};

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
    const verdict = upstreamProofValid ? UNCHECKED_VERDICTS[result.status] : undefined;
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
    reason: 'unkeyed_proof',
  };
}

export interface BaggagePlan {
  /** The new baggage (own entries first), or undefined when the inbound baggage stays as it is. */
  readonly entries: Baggage | undefined;
  /** Removed keys, as recorded on the span (bounded: the keys come from the caller). */
  readonly removed: readonly string[];
  readonly reason: BaggageRemovalReason | undefined;
}

const MAX_RECORDED_KEYS = 16;
const MAX_RECORDED_KEY_CHARS = 64;
const NOTHING_REMOVED: BaggagePlan = Object.freeze({
  entries: undefined,
  removed: Object.freeze([]),
  reason: undefined,
});

/**
 * Removes inbound auth entries the hop cannot vouch for (a valid proof always stays: it is
 * authenticated) and any entry holding token material, and adds the entries of this hop's verified
 * token, first so that they are never the ones the header size limit drops.
 */
export function planBaggage(
  settings: TelemetrySettings,
  inbound: Baggage | undefined,
  outcome: ProofOutcome,
  own: Identity | undefined,
  token: string | undefined,
): BaggagePlan {
  const removed: string[] = [];
  const kept: [string, BaggageEntry][] = [];
  let unvouched = false;
  if (inbound !== undefined) {
    for (const [key, entry] of inbound.getAllEntries()) {
      if (looksLikeToken(entry.value) || holdsTokenPiece(entry.value, token)) {
        removed.push(key);
      } else if (!isAuthKey(key, settings)) {
        kept.push([key, entry]);
      } else if (key === BAGGAGE_JWT_SUBJECT_PROOF ? outcome.upstreamProofValid : outcome.vouched) {
        kept.push([key, entry]);
      } else {
        removed.push(key);
        unvouched = true;
      }
    }
  }
  const ownEntries = own?.baggage ?? [];
  if (removed.length === 0 && carriesAlready(inbound, ownEntries)) return NOTHING_REMOVED;
  const entries = new PlannedBaggage(ownEntries, kept);
  if (removed.length === 0) return { entries, removed: NOTHING_REMOVED.removed, reason: undefined };
  const recorded = removed.slice(0, MAX_RECORDED_KEYS).map((key) => key.slice(0, MAX_RECORDED_KEY_CHARS));
  return { entries, removed: Object.freeze(recorded), reason: unvouched ? outcome.reason : 'token_material' };
}

/** Mid-chain, a consistent hop's own entries usually arrived already: the baggage then stays as it is. */
function carriesAlready(
  inbound: Baggage | undefined,
  own: readonly (readonly [string, BaggageEntry])[],
): boolean {
  for (const [key, entry] of own) {
    const there = inbound?.getEntry(key);
    if (there === undefined || there.value !== entry.value || there.metadata !== undefined) return false;
  }
  return true;
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
  plan: BaggagePlan,
): Attributes {
  if (plan.reason === undefined) return sharedAttributes(result, identity, outcome.verdict);
  const attributes: Attributes = { ...sharedAttributes(result, identity, outcome.verdict) };
  attributes[ATTR_JWT_BAGGAGE_REMOVED] = plan.removed;
  attributes[ATTR_JWT_BAGGAGE_REMOVAL_REASON] = plan.reason;
  return attributes;
}

const byIdentity = new WeakMap<Identity, Map<string, Attributes>>();
const byOutcome = new Map<string, Attributes>();

/**
 * Attributes that depend only on the token's identity (or refusal) and the verdict, frozen and shared:
 * a repeated token costs a lookup instead of a copy of its attributes per request.
 */
function sharedAttributes(
  result: AuthResult,
  identity: Identity | undefined,
  verdict: SubjectVerdict | undefined,
): Attributes {
  const base = outcomeAttributes(result);
  let cache = byOutcome;
  if (identity !== undefined) {
    const known = byIdentity.get(identity);
    cache = known ?? new Map();
    if (known === undefined) byIdentity.set(identity, cache);
  }
  const id =
    identity === undefined
      ? `${String(base[ATTR_JWT_RESULT])}:${String(base[ATTR_JWT_ERROR_CODE])}:${verdict}`
      : `${verdict}`;
  let attributes = cache.get(id);
  if (attributes === undefined) {
    attributes = { ...base, ...identity?.attributes };
    if (verdict !== undefined) attributes[ATTR_JWT_SUBJECT_VERDICT] = verdict;
    if (verdict === 'changed') attributes[ATTR_JWT_SUBJECT_CHANGED] = true;
    cache.set(id, Object.freeze(attributes));
  }
  return attributes;
}
