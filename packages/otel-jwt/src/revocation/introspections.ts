import { createHash } from 'node:crypto';
import { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import { IntrospectionAnswers, type IntrospectionLookup } from './introspection-answers.js';
import {
  sayIntrospectionIssuerMismatch,
  sayIntrospectionOutage,
  sayIntrospectionRecovery,
} from './introspection-notices.js';
import {
  type IntrospectionExchange,
  type IntrospectionFailureCode,
  IntrospectionRequest,
} from './introspection-request.js';
import type { IntrospectionSettings } from './introspection-settings.js';

export { type IntrospectionLookup, MAX_REFUSED_ANSWERS } from './introspection-answers.js';

/** Why an introspection gave no answer. */
export type IntrospectionFailure = IntrospectionFailureCode | 'invalid_response';

/** Every outcome of one introspection; a record, so that a new code cannot be left out. */
const OUTCOMES: Readonly<Record<'active' | 'inactive' | 'issuer_mismatch' | IntrospectionFailure, true>> = {
  active: true,
  inactive: true,
  issuer_mismatch: true,
  fetch_timeout: true,
  fetch_failed: true,
  http_error: true,
  response_too_large: true,
  invalid_response: true,
};

/** The values of `jwt.fetch.outcome` on `jwt.introspection.requests`. */
export const INTROSPECTION_OUTCOMES: readonly string[] = Object.keys(OUTCOMES);

/** Introspection outcomes per issuer, for the `jwt.introspection.requests` counter. */
export function introspectionCounts(): IssuerOutcomeCounts {
  return new IssuerOutcomeCounts(INTROSPECTION_OUTCOMES);
}

/** How long a failure is remembered for its token: a dead endpoint is not asked again per request. */
export const FAILED_ANSWER_MS = 1000;
/**
 * Most introspection requests under way, a bound on the load put on the endpoint; beyond it a token is
 * left unknown rather than queued.
 */
export const MAX_INTROSPECTIONS_IN_FLIGHT = 64;
/**
 * Of those, the requests only a renewal may make: the token of an active answer that ended at
 * `maxCacheSeconds` (not at its `exp`), at most one per subject at a time. Made-up opaque strings against
 * a slow endpoint can hold the other slots, but never these, so the users already served keep being
 * served; no one can make a renewal without a token the endpoint called active, and one account's many
 * tokens take one of these slots, not all of them. A failed renewal loses its standing.
 */
export const RENEWAL_SLOTS = 16;

const INACTIVE: IntrospectionLookup = Object.freeze({ kind: 'inactive' });
const FAILED: IntrospectionLookup = Object.freeze({ kind: 'failed' });
const DONE: Promise<void> = Promise.resolve();
/** The subject of the active answers without a string `sub`: their renewals share one. */
const NO_SUBJECT: unique symbol = Symbol('no subject');

/**
 * Answers are held by a digest of the token: the held keys are short whatever the token's size, and
 * the cache holds no token material.
 */
function answerKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * One issuer's opaque tokens, introspected in the background and answered synchronously. An answer is
 * kept for `maxCacheMs` (an active one never past its `exp`; a failure for {@link FAILED_ANSWER_MS}):
 * `maxCachedTokens` active answers, the least recently used out first, and apart from them a few inactive
 * and failed ones (see {@link IntrospectionAnswers}). Concurrent requests for one token share one
 * exchange. No token reaches a message or a diagnostic.
 */
export class Introspections {
  private readonly answers: IntrospectionAnswers;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The subjects with a renewal under way (`sub` of the answer renewed, or {@link NO_SUBJECT}). */
  private readonly renewing = new Set<string | typeof NO_SUBJECT>();
  private readonly request: IntrospectionRequest;
  /** Consecutive failed exchanges, for the once-per-outage notices. */
  private failures = 0;
  private mismatchSaid = false;
  private closed = false;

  constructor(
    readonly issuer: string,
    private readonly settings: IntrospectionSettings,
    private readonly counts?: IssuerOutcomeCounts,
  ) {
    this.request = new IntrospectionRequest(issuer, settings);
    this.answers = new IntrospectionAnswers(settings.maxCachedTokens);
  }

  /** Answers in flight, for tests and status. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** The answer held for `token` at `nowMs`. The request-path call: a digest and a Map lookup. */
  lookup(token: string, nowMs: number): IntrospectionLookup {
    return this.answers.get(answerKey(token), nowMs);
  }

  /**
   * Makes sure an answer for `token` is held: resolves at once when one is (or after close), joins the
   * exchange under way for it, or starts one. With {@link MAX_INTROSPECTIONS_IN_FLIGHT} under way (less
   * the {@link RENEWAL_SLOTS} for a token that is not a renewal, see {@link renewalSubject}), it resolves at
   * once and the token stays unknown. Never rejects.
   */
  introspect(token: string): Promise<void> {
    if (this.closed) return DONE;
    const key = answerKey(token);
    if (this.answers.get(key, Date.now()).kind !== 'unknown') return DONE;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const subject = this.renewalSubject(key);
    const slots =
      subject === undefined ? MAX_INTROSPECTIONS_IN_FLIGHT - RENEWAL_SLOTS : MAX_INTROSPECTIONS_IN_FLIGHT;
    if (this.inFlight.size >= slots) return DONE;
    if (subject !== undefined) this.renewing.add(subject);
    const exchange = this.request
      .send(token)
      .then((answer) => this.store(key, answer))
      // "Never rejects" holds even if bookkeeping throws: a rejection here would be unhandled.
      .catch(() => undefined)
      .finally(() => {
        this.inFlight.delete(key);
        if (subject !== undefined) this.renewing.delete(subject);
      });
    this.inFlight.set(key, exchange);
    return exchange;
  }

  /** Drops every answer and discards the exchanges under way. */
  close(): void {
    this.closed = true;
    this.request.close();
    this.answers.clear();
  }

  /**
   * Whom the introspection of `key` would renew, when it may take a renewal slot: its token's active answer
   * ended at the cache bound and no renewal for the same subject is under way. Undefined otherwise: the
   * token competes for the open slots like any other.
   */
  private renewalSubject(key: string): string | typeof NO_SUBJECT | undefined {
    const claims = this.answers.renewable(key);
    if (claims === undefined) return undefined;
    const subject = typeof claims.sub === 'string' ? claims.sub : NO_SUBJECT;
    return this.renewing.has(subject) ? undefined : subject;
  }

  private store(key: string, exchange: IntrospectionExchange): void {
    if (this.closed) return;
    const now = Date.now();
    if (exchange.kind === 'failed' || exchange.kind === 'invalid_response') {
      const code: IntrospectionFailure = exchange.kind === 'failed' ? exchange.code : 'invalid_response';
      this.counts?.add(this.issuer, code);
      const httpStatus = exchange.kind === 'failed' ? exchange.httpStatus : undefined;
      if (++this.failures === 1) sayIntrospectionOutage(this.issuer, code, httpStatus);
      this.answers.put(key, FAILED, now + FAILED_ANSWER_MS);
      return;
    }
    if (this.failures > 0) sayIntrospectionRecovery(this.issuer, this.failures);
    this.failures = 0;
    const maxUntil = now + this.settings.maxCacheMs;
    if (exchange.kind === 'issuer_mismatch') {
      this.counts?.add(this.issuer, 'issuer_mismatch');
      if (!this.mismatchSaid) sayIntrospectionIssuerMismatch(this.issuer);
      this.mismatchSaid = true;
      this.answers.put(key, INACTIVE, maxUntil);
      return;
    }
    if (exchange.kind === 'inactive' || (exchange.expMs !== undefined && exchange.expMs <= now)) {
      this.counts?.add(this.issuer, 'inactive');
      this.answers.put(key, INACTIVE, maxUntil);
      return;
    }
    this.counts?.add(this.issuer, 'active');
    // An answer that ends at its token's exp is not renewed: the token has expired by then.
    const renewable = exchange.expMs === undefined || exchange.expMs > maxUntil;
    const untilMs = renewable ? maxUntil : (exchange.expMs as number);
    this.answers.put(key, Object.freeze({ kind: 'active', claims: exchange.claims }), untilMs, renewable);
  }
}
