import { createRemoteJWKSet, customFetch, errors } from 'jose';
import { retryDelayMs } from '../internal/retry-backoff.js';
import type { JwsAlgorithm } from './algorithms.js';
import type { BoundKey } from './bound-key.js';
import { boundedFetch, maxAgeSeconds } from './bounded-fetch.js';
import { discoverJwksUri } from './discovery.js';
import { sayKeyOutage, sayKeyRecovery } from './key-outage-notices.js';
import { keyRefreshCountsInScope } from './key-refresh-counts.js';
import type { KeyRing } from './key-ring.js';
import { KeySourceError, type KeySourceErrorCode } from './key-source-error.js';
import { MAX_TIMER_MS, type RefreshSettings } from './refresh-settings.js';
import { importRemoteKeySet } from './remote-key-import.js';

const MIN_RETRY_MS = 1000;

export type KeySourceLocation = { readonly jwksUri: string } | { readonly discovery: true };

/**
 * Keeps one issuer's remote key set in its {@link KeyRing}, always in the background: jose fetches
 * (timeout, coalesced reloads), this class decides when. The next refresh follows the endpoint's
 * `Cache-Control: max-age` within bounds; failures retry with backoff while the last good keys keep
 * serving for `staleIfErrorMs`; an unknown `kid` asks for a refresh at most once per cooldown.
 */
export class RemoteKeySource {
  private jwksUri: string | undefined;
  private remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the last refresh asked for from the request path started. */
  private lastRequestedMs = Number.NEGATIVE_INFINITY;
  /** When the last refresh, of any kind, finished. */
  private lastFinishMs = Number.NEGATIVE_INFINITY;
  private lastMaxAge: number | undefined;
  private failures = 0;
  private closed = false;
  lastSuccessMs: number | undefined;
  lastErrorCode: KeySourceErrorCode | undefined;
  /** Completed fetch attempts, successful or not. */
  attempts = 0;
  /** Where refresh outcomes are counted for the metrics of the telemetry that built this source. */
  private readonly refreshCounts = keyRefreshCountsInScope();

  constructor(
    private readonly issuer: string,
    location: KeySourceLocation,
    private readonly ring: KeyRing,
    private readonly allowed: readonly JwsAlgorithm[],
    private readonly settings: RefreshSettings,
  ) {
    if ('jwksUri' in location) this.jwksUri = location.jwksUri;
  }

  /**
   * Asks for a refresh from the request path, for a token whose key is not in the ring. Never waits:
   * returns the refresh under way (started now or before), for the admission step to wait on, or
   * `undefined` when none runs. A refresh starts unless one finished moments ago (there is nothing newer
   * to fetch) or an earlier request of this kind started one within the cooldown: a rotation is followed
   * at once, whenever the scheduled refreshes ran, and a flood of random `kid`s costs at most one fetch
   * per cooldown.
   */
  requestRefresh(): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (this.inFlight !== undefined) return this.inFlight;
    const now = Date.now();
    if (now - this.lastFinishMs < MIN_RETRY_MS) return undefined;
    // Even with cooldownSeconds 0, a stream of unknown kids cannot fetch more than once a second.
    if (now - this.lastRequestedMs < Math.max(this.settings.cooldownMs, MIN_RETRY_MS)) return undefined;
    this.lastRequestedMs = now;
    return this.refresh();
  }

  /** Fetches the key set now (or joins the fetch under way). Never rejects. */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.inFlight !== undefined) return this.inFlight;
    clearTimeout(this.timer);
    const attempt = this.load()
      .then(
        (keys) => this.succeeded(keys),
        (error: unknown) => this.failed(error),
      )
      // "Never rejects" holds even if bookkeeping throws: a rejection here would be unhandled.
      .catch(() => undefined);
    this.inFlight = attempt.finally(() => {
      this.inFlight = undefined;
      this.lastFinishMs = Date.now();
      this.attempts++;
      this.schedule();
    });
    return this.inFlight;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async load(): Promise<BoundKey[]> {
    if (this.remote === undefined) {
      const { fetchTimeoutMs, maxResponseBytes } = this.settings;
      const uri = this.jwksUri ?? (await discoverJwksUri(this.issuer, fetchTimeoutMs, maxResponseBytes));
      this.remote = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: fetchTimeoutMs,
        // Timing is decided here, not by jose's own lazy cache.
        cooldownDuration: 0,
        cacheMaxAge: Number.POSITIVE_INFINITY,
        [customFetch]: (url: string, init: RequestInit) => this.fetchKeySet(url, init),
      });
    }
    try {
      await this.remote.reload();
    } catch (error) {
      if (error instanceof KeySourceError) throw error;
      throw new KeySourceError(error instanceof errors.JWKSTimeout ? 'fetch_timeout' : 'invalid_jwks');
    }
    const keys = await importRemoteKeySet(this.remote.jwks(), this.allowed, this.issuer);
    if (keys.length === 0) {
      // The IdP answered, and vouches for no key: that revokes the old ones now, unlike an outage.
      if (!this.closed) this.ring.clear();
      throw new KeySourceError('no_usable_keys');
    }
    return keys;
  }

  /** jose's fetch hook: bounded body, status and shape checked here so every failure has a precise code. */
  private async fetchKeySet(url: string, init: RequestInit): Promise<Response> {
    const response = await boundedFetch(url, init, this.settings.maxResponseBytes);
    if (response.status !== 200) throw new KeySourceError('http_error');
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new KeySourceError('invalid_json');
    }
    const keys = (body as { keys?: unknown } | null)?.keys;
    if (
      !Array.isArray(keys) ||
      !keys.every((k) => k !== null && typeof k === 'object' && !Array.isArray(k))
    ) {
      throw new KeySourceError('invalid_jwks');
    }
    this.lastMaxAge = maxAgeSeconds(response.headers.get('cache-control'));
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  private refreshIntervalMs(): number {
    const { defaultRefreshMs, minRefreshMs, maxRefreshMs } = this.settings;
    const advised = this.lastMaxAge === undefined ? defaultRefreshMs : this.lastMaxAge * 1000;
    return Math.min(Math.max(advised, minRefreshMs), maxRefreshMs);
  }

  private succeeded(keys: readonly BoundKey[]): void {
    if (this.closed) return;
    const now = Date.now();
    const failures = this.failures;
    this.failures = 0;
    this.lastErrorCode = undefined;
    this.lastSuccessMs = now;
    this.refreshCounts?.add(this.issuer, 'success');
    this.ring.replace(keys, now + this.refreshIntervalMs() + this.settings.staleIfErrorMs);
    // The outage was said when it began: its end is said once too, where the operator saw the start.
    if (failures > 0) sayKeyRecovery(this.issuer, failures);
  }

  private failed(error: unknown): void {
    if (this.closed) return;
    const code: KeySourceErrorCode = error instanceof KeySourceError ? error.code : 'fetch_failed';
    this.failures++;
    this.lastErrorCode = code;
    this.refreshCounts?.add(this.issuer, code);
    // Discovery may point elsewhere after an incident: ask again next time.
    if (this.jwksUri === undefined) this.remote = undefined;
    const now = Date.now();
    const serving = this.ring.size > 0 && now < this.ring.usableUntilMs;
    // Past the stale-if-error window the keys are gone for good: clearing bumps the ring's generation,
    // so verdicts cached under them are not served either (the lookup alone only stops new ones).
    const expiring = !serving && this.ring.size > 0;
    if (expiring) this.ring.clear();
    if (this.failures === 1 || expiring) {
      sayKeyOutage(
        this.issuer,
        code,
        this.lastSuccessMs === undefined
          ? { kind: 'never-loaded' }
          : serving
            ? { kind: 'serving-stale', usableForMs: this.ring.usableUntilMs - now }
            : { kind: 'keys-expired' },
      );
    }
  }

  private schedule(): void {
    if (this.closed) return;
    // cooldownSeconds may be 0; retries of a failing endpoint still wait at least a second, or they
    // would follow each other back to back for as long as the endpoint fails.
    const base = Math.max(this.settings.cooldownMs, MIN_RETRY_MS);
    const delay =
      this.failures === 0
        ? this.refreshIntervalMs()
        : retryDelayMs(this.failures, base, Math.max(base, 300_000));
    // Node fires a timer longer than 2^31 - 1 ms at once: cap, or a long max-age becomes a tight loop.
    this.timer = setTimeout(() => void this.refresh(), Math.min(delay, MAX_TIMER_MS));
    this.timer.unref();
  }
}
