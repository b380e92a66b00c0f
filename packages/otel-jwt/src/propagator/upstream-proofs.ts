import type { Baggage } from '@opentelemetry/api';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../attribute-keys.js';
import { checkEntriesProof } from './entries-proof.js';
import type { Identity } from './identity.js';
import type { AuthResult } from './request-auth.js';
import { claimedDigest } from './subject-proof.js';
import { judgeSubject, type ProofOutcome } from './subject-verdict.js';
import type { TelemetrySettings } from './telemetry-settings.js';

export interface UpstreamJudgement {
  readonly outcome: ProofOutcome;
  /** Inbound auth keys the entries proof vouches for; undefined when none are. */
  readonly vouched: ReadonlySet<string> | undefined;
}

/**
 * Checks both proofs from upstream. On the usual mid-chain hop (keyed, same subject) the entries proof
 * is checked first: its mac covers the trace id and the subject digest, so when it checks it
 * authenticates the subject proof too, and one mac serves both.
 */
export function judgeUpstream(
  settings: TelemetrySettings,
  result: AuthResult,
  identity: Identity | undefined,
  inbound: Baggage | undefined,
  traceId: string | undefined,
): UpstreamJudgement {
  const proofValue = inbound?.getEntry(BAGGAGE_JWT_SUBJECT_PROOF)?.value;
  const entriesProof = inbound?.getEntry(BAGGAGE_JWT_ENTRIES_PROOF)?.value;
  let vouched: ReadonlySet<string> | undefined;
  const claimed = proofValue === undefined ? undefined : claimedDigest(settings.keys, proofValue, traceId);
  const sameSubject = claimed !== undefined && claimed === identity?.subjectDigest;
  if (settings.keys.keyed && sameSubject && inbound !== undefined && traceId !== undefined) {
    vouched = checkEntriesProof(settings.keys, entriesProof, traceId, claimed, inbound);
  }
  const outcome = judgeSubject(
    settings,
    result,
    identity,
    proofValue,
    traceId,
    vouched === undefined ? undefined : claimed,
  );
  if (outcome.vouchingDigest === undefined) return { outcome, vouched: undefined };
  // An entries proof that is there but does not check is tampered with or replayed, not missing.
  if (entriesProof !== undefined && vouched === undefined) {
    return { outcome: { ...outcome, reason: 'invalid_proof' }, vouched };
  }
  return { outcome, vouched };
}
