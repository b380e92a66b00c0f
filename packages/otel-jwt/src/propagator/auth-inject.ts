import { type BaggageEntry, type Context, propagation, type TextMapSetter, trace } from '@opentelemetry/api';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../attribute-keys.js';
import { looksLikeToken } from '../redaction/token-material.js';
import { isAuthKey, isProofKey } from './auth-keys.js';
import { serializeBaggage, serializeBaggageKeeping } from './baggage-codec.js';
import { carriesAuthorization } from './destination.js';
import { issueEntriesProof, MAX_VOUCHED_ENTRIES } from './entries-proof.js';
import { type AuthState, authStateOf } from './request-auth.js';
import { issueProof, isTraceId } from './subject-proof.js';
import type { Destination } from './telemetry-config.js';
import type { TelemetrySettings } from './telemetry-settings.js';

type Entry = readonly [string, BaggageEntry];

/**
 * Runs after the stock baggage propagator, which has written every baggage entry. For a trusted
 * destination it rewrites the header whenever auth entries are involved: the subject proof first (this
 * hop's, when it is the first to verify), then the entries proof over the auth entries sent, then those
 * entries, then the rest, so the header size limit never drops the auth part (the stock order follows
 * the baggage's key order, in which keys that look like numbers come first). For any other destination
 * it rewrites the header without auth entries and without entries whose value or properties are
 * JWT-shaped (an application may have put a token in baggage). A destination that cannot be determined is not trusted.
 */
export function injectAuth(
  settings: TelemetrySettings,
  context: Context,
  destination: Destination | undefined,
  carrier: unknown,
  setter: TextMapSetter,
): void {
  const state = authStateOf(context);
  const entries = propagation.getBaggage(context)?.getAllEntries() ?? [];
  if (destination !== undefined && settings.trusted(destination)) {
    injectTrusted(settings, state, context, entries, carrier, setter);
  } else {
    const withheld = ([key, entry]: Entry) =>
      isAuthKey(key, settings) ||
      looksLikeToken(entry.value) ||
      (entry.metadata !== undefined && looksLikeToken(entry.metadata.toString()));
    if (entries.some(withheld))
      writeBaggage(
        carrier,
        setter,
        entries.filter((entry) => !withheld(entry)),
      );
  }
  const token = state?.token;
  if (token !== undefined && destination !== undefined && settings.forwardTo?.(destination) === true) {
    // Never a second Authorization header: one the application set wins, seen in the carrier or, for a
    // client that injects into a fresh object (fetch), reported by the instrumentation hook.
    if (!hasAuthorization(carrier) && !carriesAuthorization(destination)) {
      setter.set(carrier, 'authorization', `Bearer ${token}`);
    }
  }
}

function injectTrusted(
  settings: TelemetrySettings,
  state: AuthState | undefined,
  context: Context,
  entries: readonly Entry[],
  carrier: unknown,
  setter: TextMapSetter,
): void {
  const traceId = trace.getSpanContext(context)?.traceId;
  // One pass: auth entries (proofs aside), the first inbound subject proof, and the rest. An inbound
  // entries proof goes nowhere: a new one is issued over what is sent.
  const auth: Entry[] = [];
  const rest: Entry[] = [];
  let inboundProof: Entry | undefined;
  for (const entry of entries) {
    const key = entry[0];
    if (!isAuthKey(key, settings)) rest.push(entry);
    else if (!isProofKey(key)) auth.push(entry);
    else if (key === BAGGAGE_JWT_SUBJECT_PROOF) inboundProof ??= entry;
  }
  const issued =
    state === undefined || traceId === undefined ? undefined : proofFor(settings, state, traceId);
  if (auth.length === 0 && inboundProof === undefined && issued === undefined) return;
  const subjectProof: Entry | undefined =
    issued === undefined ? inboundProof : [BAGGAGE_JWT_SUBJECT_PROOF, { value: issued }];
  const digest = state?.entriesDigest;
  if (subjectProof === undefined || digest === undefined || traceId === undefined || auth.length === 0) {
    const head = subjectProof === undefined ? auth : [subjectProof, ...auth];
    setter.set(carrier, 'baggage', serializeBaggage(head.concat(rest)));
    return;
  }
  // The entries proof must cover exactly the auth entries the header carries: the header limits may drop
  // some (several hops' entries add up), and the next hop would take a listed entry gone missing for
  // tampering. So: write once, then vouch for what was kept and write again.
  let vouched = auth.length > MAX_VOUCHED_ENTRIES ? auth.slice(0, MAX_VOUCHED_ENTRIES) : auth;
  for (let pass = 0; ; pass++) {
    const proof = issueEntriesProof(settings.keys, traceId, digest, vouched);
    const listed: Entry[] =
      proof === undefined ? [...vouched] : [[BAGGAGE_JWT_ENTRIES_PROOF, { value: proof }], ...vouched];
    const { header, kept } = serializeBaggageKeeping([subjectProof, ...listed, ...rest]);
    const fits = listed.every(([key]) => kept.has(key));
    if (fits || pass === 1) {
      // Still not fitting after one cut (not expected: the header only got shorter): no auth entries.
      setter.set(carrier, 'baggage', fits ? header : serializeBaggage([subjectProof, ...rest]));
      return;
    }
    vouched = vouched.filter(([key]) => kept.has(key));
  }
}

/**
 * The subject proof this hop issues, memoised per trace id on the request's state: a first verifying hop
 * issues its own; a keyed hop acting for the same subject issues it afresh (the same value, when the
 * inbound one was intact: extract may have taken it as authenticated by the entries proof without
 * checking its own mac, so it is not forwarded as it came); a hop that saw another subject forwards
 * the upstream proof unchanged.
 */
function proofFor(settings: TelemetrySettings, state: AuthState, traceId: string): string | undefined {
  const digest = state.entriesDigest ?? (state.upstreamProofValid ? undefined : state.subjectDigest);
  if (digest === undefined) return undefined;
  if (!isTraceId(traceId)) return undefined;
  if (state.issuedProof?.traceId !== traceId) {
    state.issuedProof = { traceId, value: issueProof(settings.keys, traceId, digest) };
  }
  return state.issuedProof.value;
}

/**
 * A setter cannot remove a header, so when nothing is left a plain-object carrier (as the HTTP
 * instrumentation passes) loses its `baggage` member instead of getting an empty header.
 */
function writeBaggage(carrier: unknown, setter: TextMapSetter, entries: readonly Entry[]): void {
  const header = serializeBaggage(entries);
  if (header === '' && carrier !== null && typeof carrier === 'object' && Object.hasOwn(carrier, 'baggage')) {
    delete (carrier as Record<string, unknown>).baggage;
    return;
  }
  setter.set(carrier, 'baggage', header);
}

/** An Authorization header the application set itself (a swapped-in token, say) is never overwritten. */
function hasAuthorization(carrier: unknown): boolean {
  if (carrier === null || typeof carrier !== 'object') return true;
  if (typeof (carrier as { has?: unknown }).has === 'function') {
    return (carrier as { has(name: string): boolean }).has('authorization');
  }
  return Object.keys(carrier).some((name) => name.toLowerCase() === 'authorization');
}
