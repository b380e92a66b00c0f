import { type BaggageEntry, type Context, propagation, type TextMapSetter, trace } from '@opentelemetry/api';
import { BAGGAGE_JWT_SUBJECT_PROOF } from './attribute-keys.js';
import { isAuthKey } from './auth-extract.js';
import { serializeBaggage } from './baggage-codec.js';
import { resolveDestination } from './destination.js';
import { type AuthState, authStateOf } from './request-auth.js';
import { issueProof } from './subject-proof.js';
import type { TelemetrySettings } from './telemetry-settings.js';
import { looksLikeToken } from './token-material.js';

/**
 * Runs after the stock baggage propagator, which has written every baggage entry. For a trusted
 * destination it adds the subject proof when this hop is the first to verify; for any other it rewrites
 * the header without auth entries and without JWT-shaped values (an application may have put a token
 * in baggage). A destination that cannot be determined is not trusted.
 */
export function injectAuth(
  settings: TelemetrySettings,
  context: Context,
  carrier: unknown,
  setter: TextMapSetter,
): void {
  // Always resolved, so that the instrumentation hook's record is consumed by this inject.
  const destination = resolveDestination(context);
  const state = authStateOf(context);
  const baggage = propagation.getBaggage(context);
  const entries = baggage?.getAllEntries() ?? [];
  const trusted = destination !== undefined && settings.trusted(destination);
  if (trusted) {
    const proof = state === undefined ? undefined : proofFor(settings, state, context);
    if (proof !== undefined) {
      const rest = entries.filter(([key]) => key !== BAGGAGE_JWT_SUBJECT_PROOF);
      setter.set(
        carrier,
        'baggage',
        serializeBaggage([[BAGGAGE_JWT_SUBJECT_PROOF, { value: proof }], ...rest]),
      );
    }
  } else {
    const withheld = ([key, entry]: readonly [string, BaggageEntry]) =>
      isAuthKey(key, settings) || looksLikeToken(entry.value);
    if (entries.some(withheld)) {
      writeBaggage(
        carrier,
        setter,
        entries.filter((entry) => !withheld(entry)),
      );
    }
  }
  const token = state?.token;
  if (
    token !== undefined &&
    destination !== undefined &&
    settings.forwardTo?.(destination) === true &&
    !hasAuthorization(carrier)
  ) {
    setter.set(carrier, 'authorization', `Bearer ${token}`);
  }
}

/** The proof a first verifying hop sends, memoised per trace id on the request's state. */
function proofFor(settings: TelemetrySettings, state: AuthState, context: Context): string | undefined {
  if (state.subjectDigest === undefined || state.upstreamProofValid) return undefined;
  const traceId = trace.getSpanContext(context)?.traceId;
  if (traceId === undefined || !/^[0-9a-f]{32}$/.test(traceId) || traceId === '0'.repeat(32))
    return undefined;
  if (state.issuedProof?.traceId !== traceId) {
    state.issuedProof = { traceId, value: issueProof(settings.keys, traceId, state.subjectDigest) };
  }
  return state.issuedProof.value;
}

/**
 * A setter cannot remove a header, so when nothing is left a plain-object carrier (as the HTTP
 * instrumentation passes) loses its `baggage` member instead of getting an empty header.
 */
function writeBaggage(
  carrier: unknown,
  setter: TextMapSetter,
  entries: readonly (readonly [string, BaggageEntry])[],
): void {
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
