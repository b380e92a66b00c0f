import type { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import { retryDelayMs } from '../internal/retry-backoff.js';
import { NewestIats } from './newest-iats.js';
import { RequestAborts } from './request-aborts.js';
import { type DecodedList, sameList, statusAt } from './status-list-decode.js';
import {
  ListEntry,
  type ListState,
  listTiming,
  NOT_ALLOWED,
  OUT_OF_RANGE,
  STATUS,
  type StatusLookup,
  UNAVAILABLE,
} from './status-list-entry.js';
import { type LoadedList, loadList } from './status-list-load.js';
import { sayListOutage, sayListRecovery } from './status-list-notices.js';
import type { ListFetchCode, ListTokenCheck } from './status-list-outcomes.js';
import type { StatusListSettings } from './status-list-settings.js';
import { StatusListUris } from './status-list-uris.js';

export type { ListState, StatusLookup } from './status-list-entry.js';

const MAX_RETRY_MS = 300_000;
/** Dropped lists whose rollback guard is kept, per list kept (`maxLists`). */
const DROPPED_GUARDS_PER_LIST = 4;

/**
 * The status lists of one issuer, fetched and refreshed in the background: the request path only reads
 * them. A list is fetched when a token first names it, then refreshed after its `ttl` (see
 * {@link listTiming}); failed fetches retry with backoff (1 s doubling to 5 min) while the last good list
 * keeps serving. A validly signed list older (by `iat`) than the newest taken, even before the list was
 * dropped (see {@link NewestIats}), or from further ahead than the clock tolerance, is refused like a bad
 * one: a stale cache must not bring back a list from before a revocation. At most `maxLists` are kept, the
 * least recently looked up dropped first. `generation` changes whenever what a lookup can answer changes (a
 * list's entries, a list dropped, a list starting or stopping to serve), never on an identical refresh:
 * the verified cache checks hits again when it moves.
 * `lookup` must only see the `status` of a token whose signature verified: an unsigned token must not
 * be able to make the process fetch.
 */
export class StatusLists {
  generation = 0;
  private readonly entries = new Map<string, ListEntry>();
  private readonly uris: StatusListUris;
  /** Aborts the fetches under way at close, so a slow list server cannot keep the process waiting. */
  private readonly aborts = new RequestAborts();
  private readonly droppedIats: NewestIats;
  private closed = false;

  /**
   * `clockToleranceSeconds`: the issuer's; a list whose `iat` is further ahead of the clock is refused
   * (`invalid_token`). Default: no such bound.
   */
  constructor(
    private readonly issuer: string,
    private readonly settings: StatusListSettings,
    private readonly checkListToken: ListTokenCheck,
    private readonly counts?: IssuerOutcomeCounts,
    private readonly clockToleranceSeconds = Number.POSITIVE_INFINITY,
  ) {
    this.droppedIats = new NewestIats(DROPPED_GUARDS_PER_LIST * settings.maxLists);
    this.uris = new StatusListUris(settings.allowed);
  }

  /** Entry `idx` of the list at `uri`. Never waits, never throws: a Map get and a few operations. */
  lookup(uri: string, idx: number, nowMs: number): StatusLookup {
    const entry = this.entries.get(uri);
    if (entry === undefined) return this.first(uri, nowMs);
    entry.lastUsedMs = nowMs;
    const list = entry.list;
    if (list === undefined || nowMs >= entry.usableUntilMs) return entry.waiting;
    const value = statusAt(list, idx);
    return value < 0 ? OUT_OF_RANGE : (STATUS[value] as StatusLookup);
  }

  /** Resolves once the list at `uri` has been fetched (or the fetch failed); starts the fetch if needed. */
  ready(uri: string): Promise<void> {
    const found = this.entries.get(uri);
    if (found !== undefined) return found.inFlight ?? Promise.resolve();
    const first = this.first(uri, Date.now());
    return (first.kind === 'unavailable' && first.pending) || Promise.resolve();
  }

  /** Where each list stands, least recently named first. */
  states(nowMs: number): ListState[] {
    return [...this.entries.values()].map((entry) => entry.state(nowMs));
  }

  /** Stops every timer, aborts the fetches under way and forgets the lists. */
  close(): void {
    this.closed = true;
    this.aborts.abortAll();
    for (const entry of this.entries.values()) entry.stop();
    this.entries.clear();
    this.droppedIats.clear();
  }

  private first(uri: string, nowMs: number): StatusLookup {
    if (this.closed) return UNAVAILABLE;
    const url = this.uris.urlOf(uri);
    if (url === undefined) return NOT_ALLOWED;
    if (this.entries.size >= this.settings.maxLists) this.dropLeastRecentlyUsed();
    const entry = new ListEntry(uri, url, nowMs);
    entry.newestIatSeconds = this.droppedIats.take(uri);
    this.entries.set(uri, entry);
    void this.fetch(entry);
    return entry.waiting;
  }

  private fetch(entry: ListEntry): Promise<void> {
    if (entry.inFlight !== undefined) return entry.inFlight;
    entry.cancelFetch();
    const run = async (): Promise<void> => {
      try {
        const loaded = await loadList(
          entry,
          this.settings,
          this.aborts,
          this.checkListToken,
          this.clockToleranceSeconds,
        );
        if (this.closed || entry.dropped) return;
        if (typeof loaded === 'string') this.failed(entry, loaded);
        else this.loaded(entry, loaded);
      } finally {
        entry.inFlight = undefined;
        entry.waiting = UNAVAILABLE;
        this.plan(entry);
      }
    };
    // Never rejects: a rejection here would be unhandled, or would reach a request waiting on it.
    const pending = run().catch(() => undefined);
    entry.inFlight = pending;
    entry.waiting = Object.freeze({ kind: 'unavailable', pending });
    return pending;
  }

  private loaded(entry: ListEntry, { list, checked }: LoadedList): void {
    const now = Date.now();
    const { dueMs, usableUntilMs } = listTiming(this.settings, checked, now);
    // Served or not, a list with other entries, or one that was not serving, changes what lookups answer.
    const changed = !entry.serves(now) || !sameList(entry.list as DecodedList, list);
    entry.list = list;
    entry.dueMs = dueMs;
    entry.usableUntilMs = usableUntilMs;
    entry.newestIatSeconds = Math.max(
      entry.newestIatSeconds,
      Math.min(checked.iatSeconds, Math.floor(now / 1000)),
    );
    if (changed) this.generation++;
    const failures = entry.failures;
    entry.failures = 0;
    entry.lastErrorCode = undefined;
    entry.lastSuccessMs = now;
    this.counts?.add(this.issuer, 'success');
    entry.planExpiry(() => this.expire(entry));
    if (failures > 0) sayListRecovery(this.issuer, entry.where, failures);
  }

  private failed(entry: ListEntry, code: ListFetchCode): void {
    const now = Date.now();
    entry.failures++;
    entry.lastErrorCode = code;
    this.counts?.add(this.issuer, code);
    const serving = entry.serves(now);
    if (!serving && entry.list !== undefined) this.expire(entry);
    else if (entry.failures === 1) {
      const outage = serving
        ? { kind: 'serving-stale' as const, usableForMs: entry.usableUntilMs - now }
        : { kind: 'never-loaded' as const };
      sayListOutage(this.issuer, entry.where, code, outage, this.settings.whenUnavailable === 'refuse');
    }
  }

  /** The last good list stops serving: what lookups answer changes, so the generation does. */
  private expire(entry: ListEntry): void {
    if (this.closed || entry.dropped || entry.list === undefined) return;
    entry.list = undefined;
    entry.usableUntilMs = Number.NEGATIVE_INFINITY;
    this.generation++;
    const code = entry.lastErrorCode;
    if (code === undefined) return;
    const refusing = this.settings.whenUnavailable === 'refuse';
    sayListOutage(this.issuer, entry.where, code, { kind: 'list-expired' }, refusing);
  }

  /** The next fetch: when due after a success, after a backoff while fetches fail. */
  private plan(entry: ListEntry): void {
    if (this.closed || entry.dropped) return;
    const delay =
      entry.failures === 0 ? entry.dueMs - Date.now() : retryDelayMs(entry.failures, 1000, MAX_RETRY_MS);
    entry.planFetch(delay, () => void this.fetch(entry));
  }

  /** Makes room for a new list: a scan of at most `maxLists` entries, only when a new list is first named. */
  private dropLeastRecentlyUsed(): void {
    let oldest: ListEntry | undefined;
    for (const entry of this.entries.values()) {
      if (oldest === undefined || entry.lastUsedMs < oldest.lastUsedMs) oldest = entry;
    }
    if (oldest === undefined) return;
    oldest.stop();
    this.entries.delete(oldest.uri);
    this.droppedIats.remember(oldest.uri, oldest.newestIatSeconds);
    if (oldest.list !== undefined) this.generation++;
  }
}
