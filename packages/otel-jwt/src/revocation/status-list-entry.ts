import { MAX_TIMER_MS } from '../keys/refresh-settings.js';
import type { DecodedList } from './status-list-decode.js';
import type { ListFetchCode, ListTokenOutcome } from './status-list-outcomes.js';
import type { StatusListSettings } from './status-list-settings.js';

/** A token's entry in its status list, as the request path sees it. */
export type StatusLookup =
  | { readonly kind: 'status'; readonly value: number }
  | { readonly kind: 'out_of_range' }
  | { readonly kind: 'not_allowed' }
  /** The list cannot be had now; `pending` is the fetch under way, for the admission step to wait on. */
  | { readonly kind: 'unavailable'; readonly pending: Promise<void> | undefined };

export const UNAVAILABLE: StatusLookup = Object.freeze({ kind: 'unavailable', pending: undefined });
export const OUT_OF_RANGE: StatusLookup = Object.freeze({ kind: 'out_of_range' });
export const NOT_ALLOWED: StatusLookup = Object.freeze({ kind: 'not_allowed' });
/** One shared answer per status value: a lookup allocates nothing. */
export const STATUS: readonly StatusLookup[] = Array.from({ length: 256 }, (_, value) =>
  Object.freeze({ kind: 'status', value }),
);

/** Where one list stands, for status reports and tests. */
export interface ListState {
  readonly uri: string;
  readonly state: 'loading' | 'fresh' | 'stale' | 'failed';
  readonly lastErrorCode: ListFetchCode | undefined;
  readonly lastRefreshAtMilliseconds: number | undefined;
}

/** One list of an issuer: its last good content, its fetch and its two timers (next fetch, end of use). */
export class ListEntry {
  list: DecodedList | undefined;
  usableUntilMs = Number.NEGATIVE_INFINITY;
  dueMs = 0;
  inFlight: Promise<void> | undefined;
  /** What a lookup answers while the list cannot serve: the fetch under way, if any. */
  waiting: StatusLookup = UNAVAILABLE;
  failures = 0;
  lastErrorCode: ListFetchCode | undefined;
  lastSuccessMs: number | undefined;
  /**
   * The `iat` of the newest list taken, at most the time it was taken (so that a list minted with a clock
   * far ahead cannot make every later list look old). Kept when the list stops serving, and past a drop
   * (`maxLists`) by `StatusLists`, which seeds the entry made when the list is named again.
   */
  newestIatSeconds = Number.NEGATIVE_INFINITY;
  dropped = false;
  /** The URL without its query, for operator notices. */
  readonly where: string;
  private fetchTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    /** As the tokens name it: the key of the issuer's map, and what the list's `sub` must equal. */
    readonly uri: string,
    /** The allowed URL fetched for it. */
    readonly url: string,
    public lastUsedMs: number,
  ) {
    const parsed = new URL(url);
    this.where = `${parsed.origin}${parsed.pathname}`;
  }

  serves(nowMs: number): boolean {
    return this.list !== undefined && nowMs < this.usableUntilMs;
  }

  state(nowMs: number): ListState {
    const never = this.lastSuccessMs === undefined && this.failures === 0;
    return {
      uri: this.where,
      state: this.serves(nowMs) ? (this.failures === 0 ? 'fresh' : 'stale') : never ? 'loading' : 'failed',
      lastErrorCode: this.lastErrorCode,
      lastRefreshAtMilliseconds: this.lastSuccessMs,
    };
  }

  /** Runs `fetch` after `delayMs`, in place of any fetch planned before. */
  planFetch(delayMs: number, fetch: () => void): void {
    clearTimeout(this.fetchTimer);
    this.fetchTimer = later(delayMs, fetch);
  }

  /** Runs `expire` once `usableUntilMs` has passed (Node caps one timer at about 24.8 days). */
  planExpiry(expire: () => void): void {
    clearTimeout(this.expiryTimer);
    if (!Number.isFinite(this.usableUntilMs)) return;
    this.expiryTimer = later(this.usableUntilMs - Date.now(), () => {
      if (Date.now() < this.usableUntilMs) this.planExpiry(expire);
      else expire();
    });
  }

  cancelFetch(): void {
    clearTimeout(this.fetchTimer);
  }

  stop(): void {
    this.dropped = true;
    clearTimeout(this.fetchTimer);
    clearTimeout(this.expiryTimer);
  }
}

function later(delayMs: number, run: () => void): NodeJS.Timeout {
  const timer = setTimeout(run, Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
  timer.unref();
  return timer;
}

/**
 * When a list fetched at `nowMs` is refreshed and how long it serves: refreshed after its `ttl` within
 * [minTtl, maxTtl] (the default without one) and by its `exp` at the latest, no sooner than a second from
 * now; it serves until the due refresh had one fetch timeout to finish, plus the stale-if-error window,
 * and never past `exp` plus the clock tolerance.
 */
export function listTiming(
  settings: StatusListSettings,
  checked: Extract<ListTokenOutcome, { ok: true }>,
  nowMs: number,
): { readonly dueMs: number; readonly usableUntilMs: number } {
  const { defaultTtlMs, minTtlMs, maxTtlMs, staleIfErrorMs, fetchTimeoutMs } = settings;
  const advised = checked.ttlSeconds === undefined ? defaultTtlMs : checked.ttlSeconds * 1000;
  const interval = Math.min(Math.max(advised, minTtlMs), maxTtlMs);
  const dueMs = Math.max(nowMs + 1000, Math.min(nowMs + interval, checked.expiresAtMs));
  return { dueMs, usableUntilMs: Math.min(dueMs + fetchTimeoutMs + staleIfErrorMs, checked.usableUntilMs) };
}
