import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_JWT_BAGGAGE_REMOVAL_REASON,
  ATTR_JWT_BAGGAGE_REMOVED,
  ATTR_JWT_ERROR_CODE,
  ATTR_JWT_RESULT,
  ATTR_JWT_SUBJECT_CHANGED,
  ATTR_JWT_SUBJECT_VERDICT,
} from '../attribute-keys.js';
import type { BaggagePlan } from './baggage-plan.js';
import type { Identity } from './identity.js';
import type { AuthResult, SubjectVerdict } from './request-auth.js';
import type { ProofOutcome } from './subject-verdict.js';

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
