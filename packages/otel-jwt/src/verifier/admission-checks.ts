import { boundedWait } from '../internal/bounded-wait.js';
import { diagnostics } from '../internal/diagnostics.js';
import { checkSignatureAsync } from './signature-async.js';
import { KeyNotReady, PendingCheck } from './token-stages.js';
import type { VerifyResult } from './verify-result.js';

/** Options of {@link JwtVerifier.admit}. */
export interface AdmitOptions {
  /**
   * Longest wait for the key refresh that a token with a key not loaded yet triggered, in milliseconds,
   * 0 to 30000 (0: never wait). Default: 2000.
   */
  readonly maxKeyWaitMilliseconds?: number;
}

/**
 * How an admission ended: `ready` (the verdict is ready for `verify`) or `timeout` (the wait for a key
 * refresh ran out first: `verify` answers `unverified` unless the refresh lands in between).
 */
export type AdmitOutcome = 'ready' | 'timeout';

/** What the admission checks need of the verifier: its stages, shared with the synchronous verify. */
export interface AdmissionTarget {
  readonly maxTokenBytes: number;
  readonly cacheKeyChars: number;
  cached(token: string, cacheKey: string, nowMs: number): VerifyResult | undefined;
  prepare(token: string, cacheKey: string, nowMs: number): VerifyResult | PendingCheck | KeyNotReady;
  finish(stage: PendingCheck, nowMs: number): VerifyResult;
  stillCurrent(stage: PendingCheck): boolean;
  recordAdmitted(stage: PendingCheck, ok: boolean, result: VerifyResult | undefined): void;
  /** After `finish` answered `status_unavailable`: the first list fetch the token may wait for. */
  revocationWait(stage: PendingCheck, nowMs: number): Promise<unknown> | undefined;
  /** A cached token whose recheck answered `status_unavailable`: the list fetch it may wait for. */
  cachedRevocationWait(token: string, cacheKey: string, nowMs: number): Promise<unknown> | undefined;
  /** A token `prepare` settled (an opaque one): the introspection it may wait for, bounded. */
  admitSettled(
    token: string,
    result: VerifyResult,
    nowMs: number,
    waitMs: number,
  ): Promise<AdmitOutcome> | undefined;
}

export const DEFAULT_KEY_WAIT_MS = 2000;
/**
 * Most signature checks on the thread pool at once: four per thread of libuv's pool (UV_THREADPOOL_SIZE,
 * 4 by default), which the pool shares with DNS lookups and file access. Past it, a new token is left to
 * the synchronous verify, as without the admission step: forged tokens cannot queue without bound.
 */
const MAX_CHECKS_IN_FLIGHT = 4 * Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4);
export const MAX_KEY_WAIT_MS = 30_000;

/**
 * The asynchronous side of the verifier: makes a token's verdict ready before the synchronous verify asks
 * for it. The signature is checked on libuv's thread pool and a key not loaded yet is waited for, bounded;
 * every other step is the synchronous verifier's own, so the verdict is the one verify gives. Concurrent
 * admissions of one token share a single check.
 */
export class AdmissionChecks {
  private readonly underWay = new Map<string, Promise<AdmitOutcome>>();
  private checksInFlight = 0;

  constructor(private readonly target: AdmissionTarget) {}

  admit(token: unknown, options?: AdmitOptions): Promise<AdmitOutcome> | undefined {
    try {
      if (typeof token !== 'string' || token.length > this.target.maxTokenBytes) return undefined;
      // The cache first: its key is a short piece of the token, where a lookup by the whole token would
      // hash every character of a fresh string on every request.
      const cacheKey = token.slice(-this.target.cacheKeyChars);
      const nowMs = Date.now();
      // One deadline for every wait of this admission: keys, then a status list, never longer in all.
      const deadlineMs = nowMs + keyWaitOf(options);
      const hit = this.target.cached(token, cacheKey, nowMs);
      if (hit !== undefined) {
        if (hit.status !== 'unverified' || hit.code !== 'status_unavailable') return undefined;
        return waitUntil(this.target.cachedRevocationWait(token, cacheKey, nowMs), deadlineMs);
      }
      if (this.underWay.size > 0) {
        const running = this.underWay.get(token);
        if (running !== undefined) return running;
      }
      const check = this.start(token, cacheKey, nowMs, deadlineMs);
      if (check === undefined) return undefined;
      // Never rejects: whatever went wrong, the synchronous verify decides.
      const shared = check.catch((): AdmitOutcome => 'ready').finally(() => this.underWay.delete(token));
      this.underWay.set(token, shared);
      return shared;
    } catch {
      diagnostics.error('otel-jwt: unexpected failure in the admission step; the request continues');
      return undefined;
    }
  }

  private start(
    token: string,
    cacheKey: string,
    nowMs: number,
    deadlineMs: number,
  ): Promise<AdmitOutcome> | undefined {
    const stage = this.target.prepare(token, cacheKey, nowMs);
    if (stage instanceof PendingCheck) return this.check(stage, deadlineMs);
    if (!(stage instanceof KeyNotReady)) {
      // Even with no wait allowed, an opaque token's introspection starts, for the requests after this one.
      return this.target.admitSettled(token, stage, nowMs, deadlineMs - nowMs);
    }
    return waitUntil(stage.refresh, deadlineMs)?.then((outcome) => {
      if (outcome === 'timeout') return outcome;
      const again = this.target.prepare(token, cacheKey, Date.now());
      return (again instanceof PendingCheck ? this.check(again, deadlineMs) : undefined) ?? 'ready';
    });
  }

  private check(stage: PendingCheck, deadlineMs: number): Promise<AdmitOutcome> | undefined {
    if (this.checksInFlight >= MAX_CHECKS_IN_FLIGHT) return undefined;
    this.checksInFlight++;
    const input = Buffer.from(stage.token.slice(0, stage.signingEnd), 'latin1');
    return (
      checkSignatureAsync(stage.key, input, stage.signature)
        .then(
          (ok): AdmitOutcome | 'revocation' => {
            // A key set replaced (or a verifier closed) meanwhile: the synchronous verify decides afresh.
            if (!this.target.stillCurrent(stage)) return 'ready';
            const result = ok ? this.target.finish(stage, Date.now()) : undefined;
            this.target.recordAdmitted(stage, ok, result);
            return result?.status === 'unverified' && result.code === 'status_unavailable'
              ? 'revocation'
              : 'ready';
          },
          (): AdmitOutcome => 'ready',
        )
        .finally(() => {
          this.checksInFlight--;
        })
        // The wait for a status list holds no slot of the thread pool's share.
        .then((next) => (next === 'revocation' ? this.awaitRevocation(stage, deadlineMs) : next))
    );
  }

  /** A good signature whose status list (or deny-list document) is being fetched: waits for it, bounded. */
  private awaitRevocation(stage: PendingCheck, deadlineMs: number): AdmitOutcome | Promise<AdmitOutcome> {
    const fetching = this.target.revocationWait(stage, Date.now());
    const waited = waitUntil(fetching, deadlineMs);
    // A fetch under way that the time left cannot cover: the wait ran out, as for keys.
    if (waited === undefined) return fetching === undefined ? 'ready' : 'timeout';
    return waited.then((outcome) => {
      // The signature verdict is recorded: finishing again caches the token once its list says VALID.
      if (outcome === 'ready' && this.target.stillCurrent(stage)) this.target.finish(stage, Date.now());
      return outcome;
    });
  }
}

/**
 * Waits for `fetching` (a key refresh, a status list, an introspection) until `deadlineMs` at most:
 * `'ready'` when it settled in time, `'timeout'` otherwise; undefined when there is nothing to wait for or
 * no time left. Never rejects.
 */
export function waitUntil(
  fetching: Promise<unknown> | undefined,
  deadlineMs: number,
): Promise<AdmitOutcome> | undefined {
  const waitMs = deadlineMs - Date.now();
  if (fetching === undefined || waitMs <= 0) return undefined;
  return boundedWait(
    fetching.then(() => true),
    waitMs,
    false,
    true,
  ).then((settled) => (settled ? 'ready' : 'timeout'));
}

function keyWaitOf(options: AdmitOptions | undefined): number {
  const value = options?.maxKeyWaitMilliseconds;
  if (typeof value !== 'number' || !(value >= 0)) return DEFAULT_KEY_WAIT_MS;
  return Math.min(value, MAX_KEY_WAIT_MS);
}
