import type { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import {
  entryEndMilliseconds,
  isDeniableJti,
  MAX_JTI_CHARS,
  MAX_NUMERIC_DATE,
} from './deny-list-document.js';
import { DenyListError } from './deny-list-error.js';
import { DEFAULT_MAX_DENIED_ENTRIES, type DenyListSettings } from './deny-list-settings.js';
import { DenyListSource } from './deny-list-source.js';

const NO_ENTRIES: ReadonlyMap<string, number> = new Map();

/**
 * Earliest `until` taken (2001-01-01T00:00:00Z): an earlier one is a duration given for an instant
 * (`revoke(jti, 3600)`), which would record nothing and leave the token standing without a word.
 */
const MIN_NUMERIC_DATE = 978_307_200;

/**
 * `until` of `revoke()` in seconds: a valid Date, or a NumericDate, from 2001-01-01 to the end of 9999.
 * Throws otherwise.
 */
function untilSeconds(until: unknown): number {
  const seconds =
    until instanceof Date ? until.getTime() / 1000 : typeof until === 'number' ? until : Number.NaN;
  if (!Number.isFinite(seconds) || seconds > MAX_NUMERIC_DATE) {
    throw new DenyListError(
      'invalid_revocation',
      'revoke(jti, until): until must be a valid Date or a NumericDate (seconds since the epoch, not milliseconds) before the year 10000',
    );
  }
  if (seconds < MIN_NUMERIC_DATE) {
    throw new DenyListError(
      'invalid_revocation',
      "revoke(jti, until): until is before 2001-01-01: give the instant the revocation ends (a Date, or a NumericDate such as the token's exp), not a duration",
    );
  }
  return seconds;
}

/**
 * The `jti`s refused as `revoked`, whatever their issuer: those revoked in-process with {@link revoke},
 * and those of the deny-list document when one is configured (fetched by a {@link DenyListSource}). Each
 * entry denies until its own instant plus `graceMs`, rounded up to whole seconds, then goes: an entry's
 * instant is usually its token's `exp`, and the claims checks accept a token until `exp` plus the clock
 * tolerance, compared with whole seconds. {@link generation} changes whenever a `jti` is added to the
 * denied set or the document's content or availability changes, so that verdicts cached under an older
 * generation are checked again; an identical refresh, and an entry that expires, leave it: a `jti` leaving
 * the set can only turn a refusal into an acceptance, and refusals are not cached.
 */
export class DenyList {
  /** In-process revocations: `jti` to the instant (ms) the entry goes, `graceMs` after its `until`. */
  private readonly revoked = new Map<string, number>();
  /** The live entries of the last good document (kept while it is stale: a revocation does not lapse). */
  private listed: ReadonlyMap<string, number> = NO_ENTRIES;
  /** No in-process entry expires before this instant: a sweep before it would find nothing. */
  private earliestUntilMs = Number.POSITIVE_INFINITY;
  private gen = 0;
  /** Whether the document was usable when last looked at (always, without a document). */
  private available: boolean;
  private readonly source: DenyListSource | undefined;
  private readonly maxEntries: number;

  /**
   * `settings`: the deny-list document's, or `undefined` for in-process revocations only. `counts`: where
   * document fetch outcomes are counted (`denyListFetchCounts()`). `graceMs`: how long an entry outlives
   * its instant, the largest clock tolerance of the verifier's issuers (default 0). The first fetch
   * starts at once.
   */
  constructor(
    settings: DenyListSettings | undefined,
    counts?: IssuerOutcomeCounts,
    private readonly graceMs = 0,
  ) {
    this.maxEntries = settings?.maxEntries ?? DEFAULT_MAX_DENIED_ENTRIES;
    this.available = settings === undefined;
    if (settings === undefined) {
      this.source = undefined;
      return;
    }
    this.source = new DenyListSource(
      settings,
      { document: (entries) => this.replaceListed(entries), expired: () => void this.status(Date.now()) },
      counts,
      graceMs,
    );
    void this.source.refresh();
  }

  /** Changes when a verdict cached under the denied set must be checked again. */
  get generation(): number {
    return this.gen;
  }

  /** The document fetch under way while the document is not usable (for the admission step to wait on). */
  get pending(): Promise<void> | undefined {
    return this.available ? undefined : this.source?.pending;
  }

  /**
   * Denies `jti` until `until` (a Date, or a NumericDate in seconds: the revoked token's `exp` will do)
   * plus the grace, rounded up to whole seconds. Revoking a `jti` again keeps the later instant; an
   * `until` whose grace is over too records nothing. Throws a {@link DenyListError}: `invalid_revocation`
   * for a bad argument (an `until` before 2001 or after 9999 included), `deny_list_full` when
   * `maxEntries` live revocations are held (none is forgotten to make room).
   */
  revoke(jti: string, until: Date | number, nowMs = Date.now()): void {
    if (!isDeniableJti(jti)) {
      throw new DenyListError(
        'invalid_revocation',
        `revoke(jti, until): jti must be a non-empty string of at most ${MAX_JTI_CHARS} characters`,
      );
    }
    const untilMs = entryEndMilliseconds(untilSeconds(until), this.graceMs);
    if (untilMs <= nowMs) return;
    const known = this.revoked.get(jti);
    if (known !== undefined && known > nowMs) {
      // Already denied: a later instant extends the entry, an earlier one never shortens it.
      if (untilMs > known) this.revoked.set(jti, untilMs);
      return;
    }
    if (known === undefined && this.revoked.size >= this.maxEntries) this.sweep(nowMs);
    if (known === undefined && this.revoked.size >= this.maxEntries) {
      throw new DenyListError(
        'deny_list_full',
        `revoke(): the deny-list holds its maximum of ${this.maxEntries} live in-process revocations (denyList.maxEntries); this one was not recorded`,
      );
    }
    this.revoked.set(jti, untilMs);
    this.earliestUntilMs = Math.min(this.earliestUntilMs, untilMs);
    this.gen++;
  }

  /** Whether `jti` is denied at `nowMs`. The request-path check: two Map lookups, allocation-free. */
  denied(jti: string, nowMs: number): boolean {
    const until = this.revoked.get(jti);
    if (until !== undefined) {
      if (until > nowMs) return true;
      this.revoked.delete(jti);
    }
    const exp = this.listed.get(jti);
    return exp !== undefined && exp > nowMs;
  }

  /**
   * `'unavailable'` while the document has never been had, or is stale past its stale-if-error window;
   * `'ok'` otherwise, and always without a document. What a token gets then is the caller's decision
   * (`whenUnavailable`). A change seen here bumps {@link generation}.
   */
  status(nowMs: number): 'ok' | 'unavailable' {
    if (this.source === undefined) return 'ok';
    const available = nowMs < this.source.usableUntilMs;
    if (available !== this.available) {
      this.available = available;
      this.gen++;
    }
    return available ? 'ok' : 'unavailable';
  }

  /** Stops the document's refreshes; a fetch under way is discarded. In-process revocations stay. */
  close(): void {
    this.source?.close();
  }

  private replaceListed(entries: ReadonlyMap<string, number>): void {
    const changed = !sameEntries(this.listed, entries);
    if (changed) this.listed = entries;
    if (changed || !this.available) this.gen++;
    this.available = true;
  }

  /** Drops expired in-process entries; runs only when one may have expired. */
  private sweep(nowMs: number): void {
    if (nowMs < this.earliestUntilMs) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [jti, until] of this.revoked) {
      if (until <= nowMs) this.revoked.delete(jti);
      else earliest = Math.min(earliest, until);
    }
    this.earliestUntilMs = earliest;
  }
}

function sameEntries(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [jti, until] of a) if (b.get(jti) !== until) return false;
  return true;
}
