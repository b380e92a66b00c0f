import type { Identity } from './identity.js';
import type { AuthResult, BaggageRemovalReason, SubjectVerdict } from './request-auth.js';
import { checkProof } from './subject-proof.js';
import type { TelemetrySettings } from './telemetry-settings.js';

const UNCHECKED_VERDICTS: Readonly<Record<AuthResult['status'], SubjectVerdict>> = {
  absent: 'token_dropped',
  invalid: 'token_invalid',
  unverified: 'token_unverified',
  valid: 'token_invalid',
};

export interface ProofOutcome {
  readonly verdict: SubjectVerdict | undefined;
  readonly upstreamProofValid: boolean;
  /**
   * The subject digest under which inbound auth entries may be vouched for (by the entries proof): set
   * only when the token verified, a keyed upstream proof checks, and it names the same subject.
   */
  readonly vouchingDigest: string | undefined;
  /** Why inbound auth entries go when they are not vouched for. */
  readonly reason: BaggageRemovalReason;
}

/** Compares this hop's verified subject with the proof from upstream (see {@link SubjectVerdict}). */
export function judgeSubject(
  settings: TelemetrySettings,
  result: AuthResult,
  identity: Identity | undefined,
  proofValue: string | undefined,
  traceId: string | undefined,
  authenticated?: string,
): ProofOutcome {
  const proof =
    proofValue === undefined ? undefined : checkProof(settings.keys, proofValue, traceId, authenticated);
  const upstream = proof?.valid === true ? proof.subjectDigest : undefined;
  const upstreamProofValid = upstream !== undefined;
  const outcome = (verdict: SubjectVerdict | undefined, reason: BaggageRemovalReason): ProofOutcome => ({
    verdict,
    upstreamProofValid,
    vouchingDigest: undefined,
    reason,
  });
  if (identity === undefined) {
    return outcome(upstreamProofValid ? UNCHECKED_VERDICTS[result.status] : undefined, 'no_verified_token');
  }
  if (proof === undefined) return outcome('no_upstream_proof', 'missing_proof');
  if (!upstreamProofValid) return outcome('no_upstream_proof', 'invalid_proof');
  if (identity.subjectDigest !== upstream) return outcome('changed', 'subject_mismatch');
  const verdict = identity.delegated ? 'delegated' : 'consistent';
  // An unkeyed proof can be computed by the caller itself, so it vouches for no baggage entry.
  if (!settings.keys.keyed) return outcome(verdict, 'unkeyed_proof');
  return { verdict, upstreamProofValid, vouchingDigest: upstream, reason: 'missing_proof' };
}
