import { type Baggage, type BaggageEntry, propagation } from '@opentelemetry/api';
import type { Identity } from '../../src/propagator/identity.js';
import type { AuthResult } from '../../src/propagator/request-auth.js';
import { issueProof } from '../../src/propagator/subject-proof.js';
import type { ProofOutcome } from '../../src/propagator/subject-verdict.js';
import { resolveTelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import type { ValidResult } from '../../src/verifier/verify-result.js';
import { HMAC_KEY, ISSUER, TRACE_ID } from './telemetry-fixtures.js';

// Inputs of the pure extract steps (subject-verdict.ts, baggage-plan.ts, entries-proof.ts,
// entry-attributes.ts): settings, subject digests, results, identities, outcomes and baggage.

export const settings = resolveTelemetrySettings({
  verifier: { issuers: [] },
  hmacKey: HMAC_KEY,
  claims: { tenant: 'tenant.id' },
  protectedBaggageKeys: ['legacy.flag'],
});
/** The same settings without `hmacKey`: proofs are `h1` plain hashes. */
export const unkeyedSettings = resolveTelemetrySettings({
  verifier: { issuers: [] },
  claims: { tenant: 'tenant.id' },
  protectedBaggageKeys: ['legacy.flag'],
});
export const { keys } = settings;
export const ALICE = keys.subjectDigest(ISSUER, 'alice');
export const BOB = keys.subjectDigest(ISSUER, 'bob');
export const VALID = Object.freeze({
  status: 'valid',
  header: { alg: 'ES256' },
  claims: {},
  issuer: ISSUER,
}) as unknown as ValidResult;
export const ABSENT: AuthResult = { status: 'absent' };

export function identity(subjectDigest: string | undefined, extra: Partial<Identity> = {}): Identity {
  return {
    attributes: { 'jwt.issuer': ISSUER },
    baggage: [],
    subjectDigest,
    delegated: false,
    pieces: [],
    ...extra,
  };
}
export const proofOf = (digest: string, traceId = TRACE_ID) => issueProof(keys, traceId, digest);

/** A keyed, consistent hop: inbound auth entries stay when the entries proof lists them. */
export const CONSISTENT: ProofOutcome = {
  verdict: 'consistent',
  upstreamProofValid: true,
  vouchingDigest: ALICE,
  reason: 'missing_proof',
};
/** No verified token: every inbound auth entry goes, the proof too. */
export const NO_TOKEN: ProofOutcome = {
  verdict: undefined,
  upstreamProofValid: false,
  vouchingDigest: undefined,
  reason: 'no_verified_token',
};
/** A changed subject: the valid subject proof alone stays. */
export const CHANGED: ProofOutcome = {
  verdict: 'changed',
  upstreamProofValid: true,
  vouchingDigest: undefined,
  reason: 'subject_mismatch',
};

/** Baggage holding `entries` (values only, no metadata). */
export function bag(entries: Record<string, string>): Baggage {
  return propagation.createBaggage(
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value }])),
  );
}

/** Alice's identity with these baggage entries of her own. */
export function own(entries: [string, string][]): Identity {
  return identity(ALICE, {
    baggage: entries.map(([key, value]): [string, BaggageEntry] => [key, { value }]),
  });
}

/** Entries of a baggage as `key=value` strings, in its order; undefined for no baggage. */
export function values(baggage: Baggage | undefined): string[] | undefined {
  return baggage?.getAllEntries().map(([key, entry]) => `${key}=${entry.value}`);
}

/** Entries as the `[key, entry]` pairs inject hands to the entries proof. */
export function pairs(entries: Record<string, string>): [string, BaggageEntry][] {
  return Object.entries(entries).map(([key, value]) => [key, { value }]);
}
