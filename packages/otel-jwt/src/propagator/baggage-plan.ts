import type { Baggage, BaggageEntry } from '@opentelemetry/api';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../attribute-keys.js';
import { isAuthKey } from './auth-keys.js';
import type { Identity } from './identity.js';
import { inboundTokenMaterial } from './inbound-material.js';
import { PlannedBaggage } from './planned-baggage.js';
import type { BaggageRemovalReason } from './request-auth.js';
import type { ProofOutcome } from './subject-verdict.js';
import type { TelemetrySettings } from './telemetry-settings.js';

export interface BaggagePlan {
  /** The new baggage (own entries first), or undefined when the inbound baggage stays as it is. */
  readonly entries: Baggage | undefined;
  /** Removed keys, as recorded on the span (bounded: the keys come from the caller). */
  readonly removed: readonly string[];
  readonly reason: BaggageRemovalReason | undefined;
}

const MAX_RECORDED_KEYS = 16;
const MAX_RECORDED_KEY_CHARS = 64;
/** Recorded instead of a key that is itself token material. */
const TOKEN_KEY = '(token material)';
const NOTHING_REMOVED: BaggagePlan = Object.freeze({
  entries: undefined,
  removed: Object.freeze([]),
  reason: undefined,
});

/**
 * Removes any entry holding token material (in its key, value or properties) and inbound auth entries the hop
 * cannot vouch for: a valid subject proof always stays (it is authenticated); other auth entries stay
 * only when the entries proof lists them (`vouched`). An entries proof that does not check is dropped
 * unrecorded; inject always issues a new one over what it sends. This hop's own entries go first.
 */
export function planBaggage(
  settings: TelemetrySettings,
  inbound: Baggage | undefined,
  outcome: ProofOutcome,
  vouched: ReadonlySet<string> | undefined,
  own: Identity | undefined,
  token: string | undefined,
): BaggagePlan {
  const removed: string[] = [];
  const kept: [string, BaggageEntry][] = [];
  let unvouched = false;
  let consumed = false;
  const tokenMaterial = inboundTokenMaterial(own, token);
  for (const [key, entry] of inbound?.getAllEntries() ?? []) {
    if (tokenMaterial(key)) {
      removed.push(TOKEN_KEY);
    } else if (tokenMaterial(entry.value) || tokenMaterial(entry.metadata?.toString() ?? '')) {
      // Properties (`key=value;prop=...`) travel with the entry: the value's rules apply to them.
      removed.push(key);
    } else if (!isAuthKey(key, settings)) {
      kept.push([key, entry]);
    } else if (key === BAGGAGE_JWT_SUBJECT_PROOF ? outcome.upstreamProofValid : vouched?.has(key) === true) {
      kept.push([key, entry]);
    } else if (key === BAGGAGE_JWT_ENTRIES_PROOF) {
      // A checking one stays (inject issues its own in its place); one that does not check goes unrecorded.
      if (vouched === undefined) consumed = true;
      else kept.push([key, entry]);
    } else {
      removed.push(key);
      unvouched = true;
    }
  }
  const ownEntries = own?.baggage ?? [];
  if (removed.length === 0 && !consumed && carriesAlready(inbound, ownEntries)) return NOTHING_REMOVED;
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
