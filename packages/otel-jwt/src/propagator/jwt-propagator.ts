import {
  type Context,
  propagation,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { diagnostics } from '../internal/diagnostics.js';
import { resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { seenTokens } from '../redaction/seen-tokens.js';
import type { AdmitOptions, AdmitOutcome } from '../verifier/admission-checks.js';
import type { JwtVerifier } from '../verifier/jwt-verifier.js';
import { createJwtVerifier } from '../verifier/jwt-verifier.js';
import { invalid } from '../verifier/verify-result.js';
import { admissionTokens } from './admission-tokens.js';
import { injectAuth } from './auth-inject.js';
import { isAuthKey } from './auth-keys.js';
import { planBaggage } from './baggage-plan.js';
import { rememberCredentialHeaders } from './credential-headers.js';
import { credentialStanding } from './credential-standing.js';
import { resolveDestination } from './destination.js';
import { entryAttributes } from './entry-attributes.js';
import { type ExtractCounts, extractCountsFor } from './extract-counts.js';
import { IdentityCache } from './identity.js';
import { inboundTokenMaterial } from './inbound-material.js';
import { type AbsentResult, type AuthResult, type AuthState, withAuthState } from './request-auth.js';
import type { JwtTelemetryConfig } from './telemetry-config.js';
import { resolveTelemetrySettings, type TelemetrySettings } from './telemetry-settings.js';
import { isBearerCredential, readToken } from './token-source.js';
import { withoutTokenTraceState } from './trace-state-guard.js';
import { judgeUpstream } from './upstream-proofs.js';

const ABSENT: AbsentResult = Object.freeze({ status: 'absent' });

function isVerifier(value: unknown): value is JwtVerifier {
  return value !== null && typeof value === 'object' && typeof (value as JwtVerifier).verify === 'function';
}

/**
 * The JWT propagator: extract verifies the request's token and guards the auth baggage; inject sends
 * auth baggage and the subject proof only to trusted destinations. Register it after the W3C trace
 * context and baggage propagators (as {@link createJwtTelemetry} does): its extract must see the
 * parsed baggage (placed before it, the stock extract would put a client's forged entries back,
 * unchecked), and its inject must run after the baggage propagator's. Never throws, never waits.
 */
export class JwtPropagator implements TextMapPropagator {
  /** The verifier in use: created from the configuration, or the one passed in. */
  readonly verifier: JwtVerifier;
  private readonly settings: TelemetrySettings;
  private readonly identities: IdentityCache;
  private readonly ownsVerifier: boolean;
  /** For the credential headers (their keys); the span processor applies the same rules to telemetry. */
  private readonly rules: RedactionRules;
  /** What extract found, for the metrics; undefined with `metrics: 'off'`. */
  private readonly counts: ExtractCounts | undefined;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(config: JwtTelemetryConfig) {
    this.settings = resolveTelemetrySettings(config);
    // Checked before the verifier starts fetching keys: a mistake leaves nothing running.
    this.counts = extractCountsFor(this, config.metrics);
    this.ownsVerifier = !isVerifier(config.verifier);
    this.verifier = isVerifier(config.verifier) ? config.verifier : createJwtVerifier(config.verifier);
    this.identities = new IdentityCache(this.settings);
    this.rules = resolveRedaction(config.redaction, 'redaction');
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      return this.extractAuth(context, carrier, getter);
    } catch {
      diagnostics.error('otel-jwt: unexpected failure in extract; the request continues without auth');
      return this.withoutAuthBaggage(context);
    }
  }

  private extractAuth(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const others: string[] = [];
    const read = readToken(carrier, getter, this.settings.sources, others);
    // Every credential the request holds is a secret, whatever became of it: redaction must find its
    // pieces wherever they turn up. Only one a signature check vouched for joins the large pool.
    for (const credential of others) seenTokens.remember(credential, 'unvouched');
    rememberCredentialHeaders(
      carrier,
      getter,
      this.rules.isCredentialKey,
      read.found ? read.token : undefined,
    );
    let result: AuthResult;
    if (read.found) {
      result = this.verifier.verify(read.token);
      seenTokens.remember(read.token, credentialStanding(result));
      if (result.status !== 'valid' && read.fromAuthorization && !isBearerCredential(read.token)) {
        result = invalid('malformed_authorization');
      }
    } else {
      result = read.code === 'absent' ? ABSENT : invalid(read.code);
    }
    const identity =
      result.status === 'valid' && read.found ? this.identities.of(result, read.token) : undefined;

    // The trace id is checked (format, not all zeros) only where a proof needs it, in checkProof.
    const traceId = trace.getSpanContext(context)?.traceId;
    const inbound = propagation.getBaggage(context);
    const { outcome, vouched } = judgeUpstream(this.settings, result, identity, inbound, traceId);
    const token = read.found ? read.token : undefined;
    const plan = planBaggage(this.settings, inbound, outcome, vouched, identity, token);
    this.counts?.record(result, outcome.verdict, plan.reason);
    const state: AuthState = {
      auth: Object.freeze({
        result,
        subjectVerdict: outcome.verdict,
        removedBaggageKeys: plan.removed,
        removalReason: plan.reason,
      }),
      entryAttributes: entryAttributes(result, identity, outcome, plan),
      subjectDigest: identity?.subjectDigest,
      upstreamProofValid: outcome.upstreamProofValid,
      // This hop vouches for what it sends when it starts the chain or acts for the same subject.
      entriesDigest:
        this.settings.keys.keyed && (!outcome.upstreamProofValid || outcome.vouchingDigest !== undefined)
          ? identity?.subjectDigest
          : undefined,
      token:
        identity !== undefined && read.found && this.settings.forwardTo !== undefined
          ? read.token
          : undefined,
      issuedProof: undefined,
    };
    const guarded = withoutTokenTraceState(context, inboundTokenMaterial(identity, token));
    const withBaggage = plan.entries === undefined ? guarded : propagation.setBaggage(guarded, plan.entries);
    return withAuthState(withBaggage, state);
  }

  /**
   * The admission step's half of the work: verifies the tokens the request's sources hold ahead of
   * extract (see `JwtVerifier.admit`), so that extract finds the verdicts ready. `undefined` when there is
   * nothing to wait for. Never throws, never rejects, never changes what extract decides.
   */
  admit(carrier: unknown, getter: TextMapGetter, options?: AdmitOptions): Promise<AdmitOutcome> | undefined {
    try {
      const verifier = this.verifier;
      if (typeof verifier.admit !== 'function') return undefined;
      let waits: Promise<AdmitOutcome>[] | undefined;
      for (const token of admissionTokens(carrier, getter, this.settings.sources)) {
        const wait = verifier.admit(token, options);
        if (wait !== undefined) {
          waits ??= [];
          waits.push(wait);
        }
      }
      if (waits === undefined) return undefined;
      if (waits.length === 1) return waits[0];
      return Promise.all(waits).then((outcomes) => (outcomes.includes('timeout') ? 'timeout' : 'ready'));
    } catch {
      diagnostics.error('otel-jwt: unexpected failure in the admission step; the request continues');
      return undefined;
    }
  }

  /** Fails closed: whatever went wrong, inbound auth entries are not left for anything to read. */
  private withoutAuthBaggage(context: Context): Context {
    try {
      const inbound = propagation.getBaggage(context);
      if (inbound === undefined) return context;
      const keys = inbound
        .getAllEntries()
        .map(([key]) => key)
        .filter((key) => isAuthKey(key, this.settings));
      return keys.length === 0 ? context : propagation.setBaggage(context, inbound.removeEntries(...keys));
    } catch {
      return propagation.deleteBaggage(context);
    }
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      // Resolved first, even when tracing is suppressed, so the hook's record is consumed by this inject.
      const destination = resolveDestination(context);
      if (!isTracingSuppressed(context)) injectAuth(this.settings, context, destination, carrier, setter);
    } catch {
      diagnostics.error('otel-jwt: unexpected failure in inject; baggage was not sent');
      // Fail closed: the stock propagator may already have written auth entries for this destination.
      try {
        setter.set(carrier, 'baggage', '');
      } catch {
        // Nothing more can be done without throwing into the application.
      }
    }
  }

  fields(): string[] {
    return this.settings.forwardTo === undefined ? ['baggage'] : ['baggage', 'authorization'];
  }

  /** Stops the verifier's background key refreshes, if this propagator created the verifier. */
  close(): void {
    if (this.ownsVerifier) this.verifier.close();
  }
}
