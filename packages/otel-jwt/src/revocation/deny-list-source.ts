import { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import { retryDelayMs } from '../internal/retry-backoff.js';
import { boundedFetch } from '../keys/bounded-fetch.js';
import { MAX_TIMER_MS } from '../keys/refresh-settings.js';
import { type DenyListDocumentCode, parseDenyListDocument } from './deny-list-document.js';
import { sayDenyListExpired, sayDenyListOutage, sayDenyListRecovery } from './deny-list-notices.js';
import type { DenyListSettings } from './deny-list-settings.js';
import { type FetchFailureCode, fetchFailureCode } from './fetch-failure.js';
import { RequestAborts } from './request-aborts.js';

/** Why one document fetch failed. Stable strings, counted and named in operator notices. */
export type DenyListFetchCode = FetchFailureCode | 'http_error' | DenyListDocumentCode;

/** Every outcome of one deny-list fetch; a record, so that a new code cannot be left out. */
const OUTCOMES: Readonly<Record<'success' | DenyListFetchCode, true>> = {
  success: true,
  fetch_timeout: true,
  fetch_failed: true,
  http_error: true,
  response_too_large: true,
  invalid_document: true,
  too_many_entries: true,
};

/** `success`, then each {@link DenyListFetchCode}: the outcomes of `jwt.deny_list.fetches`. */
export const DENY_LIST_FETCH_OUTCOMES: readonly string[] = Object.keys(OUTCOMES);

/**
 * Fetch outcomes of the deny-list document, for the `jwt.deny_list.fetches` counter: under the empty
 * issuer name ({@link DENY_LIST_COUNTS_ISSUER}), as the document belongs to no issuer.
 */
export function denyListFetchCounts(): IssuerOutcomeCounts {
  return new IssuerOutcomeCounts(DENY_LIST_FETCH_OUTCOMES);
}

/** The issuer name deny-list fetches are counted under. */
export const DENY_LIST_COUNTS_ISSUER = '';

const MIN_RETRY_MS = 1000;

/** What the source hands to its deny-list. */
export interface DenyListSink {
  /** A good document's live entries (`jti` to when the entry may go, in ms). */
  document(entries: ReadonlyMap<string, number>): void;
  /** The last good document went past its stale-if-error window. */
  expired(): void;
}

/**
 * Fetches the deny-list document in the background: at once, then every `refreshMs`; a failure retries
 * from 1 s, doubling up to `refreshMs`, while the last good document keeps serving until `usableUntilMs`
 * (its due refresh, the time that refresh may take, then `staleIfErrorMs`). A refused document (too
 * large, malformed, too many entries) is a failure like an outage: the last good one stays.
 */
export class DenyListSource {
  /** Until when the last good document vouches for the deny-list being complete; -Infinity before one. */
  usableUntilMs = Number.NEGATIVE_INFINITY;
  lastSuccessMs: number | undefined;
  lastErrorCode: DenyListFetchCode | undefined;
  /** Consecutive failed fetches. */
  failures = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Aborts the fetch under way at close, so a slow endpoint cannot keep the process waiting. */
  private readonly aborts = new RequestAborts();

  /** `graceMs`: how long a document entry outlives its `exp` (see `DenyList`). */
  constructor(
    private readonly settings: DenyListSettings,
    private readonly sink: DenyListSink,
    private readonly counts?: IssuerOutcomeCounts,
    private readonly graceMs = 0,
  ) {}

  /** The fetch under way, if any. */
  get pending(): Promise<void> | undefined {
    return this.inFlight;
  }

  /** Fetches the document now (or joins the fetch under way). Never rejects. */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.inFlight !== undefined) return this.inFlight;
    clearTimeout(this.timer);
    const attempt = this.load()
      .then((loaded) => (typeof loaded === 'string' ? this.failed(loaded) : this.succeeded(loaded)))
      // "Never rejects" holds even if bookkeeping throws: a rejection here would be unhandled.
      .catch(() => undefined);
    this.inFlight = attempt.finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
    return this.inFlight;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.expiryTimer);
    this.aborts.abortAll();
  }

  private async load(): Promise<ReadonlyMap<string, number> | DenyListFetchCode> {
    const { url, fetchTimeoutMs, maxResponseBytes, maxEntries } = this.settings;
    const abort = this.aborts.start(fetchTimeoutMs);
    let response: Response;
    try {
      const init = { headers: { accept: 'application/json' }, signal: abort.signal };
      response = await boundedFetch(url, init, maxResponseBytes);
    } catch (error) {
      return fetchFailureCode(error);
    } finally {
      abort.done();
    }
    if (response.status !== 200) return 'http_error';
    return parseDenyListDocument(await response.text(), Date.now(), maxEntries, this.graceMs);
  }

  private succeeded(entries: ReadonlyMap<string, number>): void {
    if (this.closed) return;
    const { refreshMs, fetchTimeoutMs, staleIfErrorMs } = this.settings;
    const now = Date.now();
    const failures = this.failures;
    this.failures = 0;
    this.lastErrorCode = undefined;
    this.lastSuccessMs = now;
    // The next refresh is due after refreshMs and may take fetchTimeoutMs: without that allowance a
    // staleIfErrorSeconds of 0 would make the deny-list unavailable during every refresh.
    this.usableUntilMs = now + refreshMs + fetchTimeoutMs + staleIfErrorMs;
    this.counts?.add(DENY_LIST_COUNTS_ISSUER, 'success');
    this.sink.document(entries);
    this.planExpiry();
    if (failures > 0) sayDenyListRecovery(failures);
  }

  /**
   * Runs {@link expire} once `usableUntilMs` has passed. A timer that fires early (the clock stepped
   * back, or Node's cap of about 24.8 days on one timer) plans again rather than expiring.
   */
  private planExpiry(): void {
    clearTimeout(this.expiryTimer);
    const delay = Math.min(Math.max(this.usableUntilMs - Date.now(), 0), MAX_TIMER_MS);
    this.expiryTimer = setTimeout(() => {
      if (Date.now() < this.usableUntilMs) this.planExpiry();
      else this.expire();
    }, delay);
    this.expiryTimer.unref();
  }

  private failed(code: DenyListFetchCode): void {
    if (this.closed) return;
    this.failures++;
    this.lastErrorCode = code;
    this.counts?.add(DENY_LIST_COUNTS_ISSUER, code);
    if (this.failures > 1) return;
    const now = Date.now();
    sayDenyListOutage(this.settings, code, now < this.usableUntilMs ? this.usableUntilMs - now : undefined);
  }

  private expire(): void {
    if (this.closed) return;
    sayDenyListExpired(this.settings, this.lastErrorCode);
    this.sink.expired();
  }

  private schedule(): void {
    if (this.closed) return;
    const { refreshMs } = this.settings;
    const delay = this.failures === 0 ? refreshMs : retryDelayMs(this.failures, MIN_RETRY_MS, refreshMs);
    this.timer = setTimeout(() => void this.refresh(), Math.max(delay, MIN_RETRY_MS));
    this.timer.unref();
  }
}
