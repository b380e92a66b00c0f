import { OutcomeCounts } from '../internal/outcome-counts.js';
import type { InvalidCode, UnverifiedCode } from '../verifier/verify-result.js';
import { resolveMetricsOption } from './metrics-option.js';
import type { AuthResult, BaggageRemovalReason, SubjectVerdict } from './request-auth.js';

// Records rather than arrays: a code, verdict or reason added to its type must be added here too, or
// the package does not compile; the metrics then never report a value the README does not list.
const INVALID: Readonly<Record<InvalidCode, true>> = {
  not_a_string: true,
  token_too_large: true,
  malformed: true,
  jwe_not_supported: true,
  non_canonical_encoding: true,
  invalid_json: true,
  json_too_deep: true,
  duplicate_member: true,
  invalid_header: true,
  alg_not_allowed: true,
  unsupported_crit: true,
  unencoded_payload: true,
  typ_not_accepted: true,
  unknown_issuer: true,
  kid_required: true,
  alg_key_mismatch: true,
  invalid_signature: true,
  missing_claim: true,
  invalid_claim: true,
  audience_mismatch: true,
  expired: true,
  not_yet_valid: true,
  token_too_old: true,
  issued_in_future: true,
  revoked: true,
  suspended: true,
  status_not_valid: true,
  invalid_status_reference: true,
  token_inactive: true,
  multiple_tokens: true,
  malformed_authorization: true,
};
const UNVERIFIED: Readonly<Record<UnverifiedCode, true>> = {
  unknown_key: true,
  keys_unavailable: true,
  status_unavailable: true,
  not_introspected: true,
  introspection_unavailable: true,
};
const VERDICTS: Readonly<Record<SubjectVerdict, true>> = {
  no_upstream_proof: true,
  consistent: true,
  delegated: true,
  changed: true,
  token_dropped: true,
  token_invalid: true,
  token_unverified: true,
};
const REASONS: Readonly<Record<BaggageRemovalReason, true>> = {
  no_verified_token: true,
  missing_proof: true,
  invalid_proof: true,
  unknown_proof_key: true,
  subject_mismatch: true,
  unkeyed_proof: true,
  token_material: true,
};

/**
 * What the propagator's extract found, counted per request for the metrics: results by status and
 * code, subject verdicts, and baggage removals (one per request that removed any) by reason. A valid
 * or absent result costs one addition; a code, verdict or reason one map lookup more.
 */
export class ExtractCounts {
  valid = 0;
  absent = 0;
  readonly invalid = new OutcomeCounts(Object.keys(INVALID));
  readonly unverified = new OutcomeCounts(Object.keys(UNVERIFIED));
  readonly verdicts = new OutcomeCounts(Object.keys(VERDICTS));
  readonly removals = new OutcomeCounts(Object.keys(REASONS));

  record(
    result: AuthResult,
    verdict: SubjectVerdict | undefined,
    removalReason: BaggageRemovalReason | undefined,
  ): void {
    switch (result.status) {
      case 'valid':
        this.valid++;
        break;
      case 'absent':
        this.absent++;
        break;
      case 'unverified':
        this.unverified.add(result.code);
        break;
      default:
        // `invalid`, or whatever a verifier the application wrote returned: counted as `_OTHER` then.
        this.invalid.add((result as { code?: string }).code ?? '');
    }
    if (verdict !== undefined) this.verdicts.add(verdict);
    if (removalReason !== undefined) this.removals.add(removalReason);
  }
}

/** The counts of each propagator, for the metrics of the telemetry that made it. */
const owners = new WeakMap<object, ExtractCounts>();

/**
 * Counts for `propagator`, unless the `metrics` option turns metrics off (then nothing is counted and
 * extract pays nothing). Throws a `ConfigurationError` for a mistaken option.
 */
export function extractCountsFor(propagator: object, metricsOption: unknown): ExtractCounts | undefined {
  if (resolveMetricsOption(metricsOption) === undefined) return undefined;
  const counts = new ExtractCounts();
  owners.set(propagator, counts);
  return counts;
}

/** The counts `propagator` records into; undefined when it counts nothing. */
export function extractCountsOf(propagator: object): ExtractCounts | undefined {
  return owners.get(propagator);
}
