import type { BoundKey } from '../keys/bound-key.js';
import type { IssuerPolicy } from './issuer-policy.js';
import type { UnverifiedCode } from './verify-result.js';

/**
 * A token that passed every check before the signature: what the signature check and the claims checks
 * after it need. The synchronous verify runs the check at once; the admission step on the thread pool.
 */
export class PendingCheck {
  constructor(
    readonly token: string,
    readonly cacheKey: string,
    readonly policy: IssuerPolicy,
    readonly header: Readonly<Record<string, unknown>>,
    readonly claims: Readonly<Record<string, unknown>>,
    readonly key: BoundKey,
    /** Index of the last dot: the signing input is `token.slice(0, signingEnd)`. */
    readonly signingEnd: number,
    readonly signature: Buffer,
    /** The ring's generation when `key` was looked up: a check finished later counts only if unchanged. */
    readonly generation: number,
  ) {}
}

/** A token whose key is not in its issuer's ring; `refresh` is the key refresh it may wait for. */
export class KeyNotReady {
  constructor(
    readonly code: UnverifiedCode,
    readonly refresh: Promise<void> | undefined,
  ) {}
}
