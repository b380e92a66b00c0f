import type { Baggage } from '@opentelemetry/api';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../attribute-keys.js';
import { checkEntriesProof } from './entries-proof.js';
import type { Identity } from './identity.js';
import type { AuthResult } from './request-auth.js';
import { type ReadProof, readProof } from './subject-proof.js';
import { judgeSubject, type ProofOutcome } from './subject-verdict.js';
import type { TelemetrySettings } from './telemetry-settings.js';

export interface UpstreamJudgement {
  readonly outcome: ProofOutcome;
  /** Inbound auth keys the entries proof vouches for; undefined when none are. */
  readonly vouched: ReadonlySet<string> | undefined;
}

/**
 * This hop's identity as the upstream proof sees it: its subject digested with the key the proof names.
 * That is the signing key's digest, already derived, except during an `hmacKey` rotation, when a proof
 * may come made with another key this service holds.
 */
function identityUnder(
  settings: TelemetrySettings,
  proof: ReadProof | undefined,
  result: AuthResult,
  identity: Identity | undefined,
): Identity | undefined {
  const key = proof?.key;
  if (identity === undefined || key === undefined || key.id === settings.keys.id) return identity;
  if (result.status !== 'valid') return identity;
  const { subject } = result;
  return {
    ...identity,
    subjectDigest: subject === undefined ? undefined : key.subjectDigest(result.issuer, subject),
  };
}

/**
 * Checks both proofs from upstream. On the usual mid-chain hop (keyed, same subject) the entries proof
 * is checked first: its mac covers the trace id and the subject digest, so when it checks it
 * authenticates the subject proof too, and one mac serves both. A proof made with a key this service
 * does not hold is refused as `unknown_proof_key`, and said (rate-limited) to the operator.
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
  const proof = proofValue === undefined ? undefined : readProof(settings.keys, proofValue, traceId);
  const foreign = proof !== undefined && proof.key === undefined;
  if (foreign) settings.foreignProofKey(proof.keyId);
  const own = identityUnder(settings, proof, result, identity);
  let vouched: ReadonlySet<string> | undefined;
  const claimed = proof?.key === undefined ? undefined : proof.digest;
  const sameSubject = claimed !== undefined && claimed === own?.subjectDigest;
  if (settings.keys.keyed && sameSubject && proof?.key !== undefined && inbound !== undefined) {
    vouched = checkEntriesProof(proof.key, entriesProof, proof.traceId, claimed, inbound);
  }
  const outcome = judgeSubject(
    settings,
    result,
    own,
    proofValue,
    traceId,
    vouched === undefined ? undefined : claimed,
  );
  if (foreign && outcome.reason === 'invalid_proof') {
    return { outcome: { ...outcome, reason: 'unknown_proof_key' }, vouched: undefined };
  }
  if (outcome.vouchingDigest === undefined) return { outcome, vouched: undefined };
  // An entries proof that is there but does not check is tampered with or replayed, not missing.
  if (entriesProof !== undefined && vouched === undefined) {
    return { outcome: { ...outcome, reason: 'invalid_proof' }, vouched };
  }
  return { outcome, vouched };
}
