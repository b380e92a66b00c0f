import type { AdmissionTarget, AdmitOutcome } from './admission-checks.js';
import type { PendingCheck } from './token-stages.js';
import type { VerifyResult } from './verify-result.js';
import { VerifyStages } from './verify-stages.js';

/**
 * The verifier's stages with what the admission step asks of them besides `prepare` and `finish`: the cache
 * looked up first, the signature verdicts it leaves for the synchronous verify, and what a token may wait
 * for (a status list being fetched, the introspection of an opaque token).
 */
export class AdmissionStages extends VerifyStages implements AdmissionTarget {
  /** The cached verdict of `token`, if any: the admission step's first look. */
  cached(token: string, cacheKey: string, nowMs: number): VerifyResult | undefined {
    return this.cache?.get(cacheKey, token, nowMs);
  }

  /** The admission step's signature verdict, for the synchronous verify of the same token to take. */
  recordAdmitted(stage: PendingCheck, ok: boolean, result: VerifyResult | undefined): void {
    // A valid token the cache took needs no record: the synchronous verify finds it there.
    if (result?.status === 'valid' && this.cache !== undefined && stage.token.length <= this.cache.maxChars)
      return;
    this.admitted.record(stage.token, stage.key, ok);
  }

  /**
   * After `finish` answered `status_unavailable`: the first fetch of the list (or deny-list document) the
   * token waits for, if one is under way.
   */
  revocationWait(stage: PendingCheck, nowMs: number): Promise<unknown> | undefined {
    const result = this.checkedClaims(stage, nowMs);
    return result.status === 'valid' ? this.revocation.pending(result, nowMs) : undefined;
  }

  /**
   * When a cached token is now `status_unavailable` (its list was dropped or went stale): the fetch under
   * way that it may wait for.
   */
  cachedRevocationWait(token: string, cacheKey: string, nowMs: number): Promise<unknown> | undefined {
    const held = this.cache?.held(cacheKey, token);
    return held === undefined ? undefined : this.revocation.pending(held, nowMs);
  }

  /** The introspection of an opaque token that has no answer yet. */
  admitSettled(
    token: string,
    result: VerifyResult,
    nowMs: number,
    waitMs: number,
  ): Promise<AdmitOutcome> | undefined {
    if (result.status !== 'unverified' || result.code !== 'not_introspected') return undefined;
    return this.introspected?.admit(token, nowMs, waitMs);
  }
}
