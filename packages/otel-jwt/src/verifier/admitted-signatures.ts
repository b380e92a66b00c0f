import { OldestKeys } from '../internal/oldest-keys.js';
import type { BoundKey } from '../keys/bound-key.js';

interface Verdict {
  readonly key: BoundKey;
  readonly ok: boolean;
}

/**
 * Signature verdicts the admission step reached on the thread pool, for the synchronous verify of the same
 * request to take instead of checking again. Only what no cache holds lands here (a refusal, a token whose
 * claims failed, every token when the verified cache is off). Each verdict is taken once, and counts only
 * for the key it was made with: a key set replaced in between means a check on the event loop, as without
 * the admission step. Bounded: the oldest verdict goes first, so an admitted request that never reaches the
 * propagator costs a slot, not memory.
 */
export class AdmittedSignatures {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly oldest = new OldestKeys(this.verdicts);

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.verdicts.size;
  }

  record(token: string, key: BoundKey, ok: boolean): void {
    if (this.capacity === 0) return;
    this.verdicts.delete(token);
    if (this.verdicts.size >= this.capacity) {
      const oldest = this.oldest.next();
      if (oldest !== undefined) this.verdicts.delete(oldest);
    }
    this.verdicts.set(token, { key, ok });
  }

  /** The verdict for `token` under `key`, removed; undefined when there is none for that key. */
  take(token: string, key: BoundKey): boolean | undefined {
    if (this.verdicts.size === 0) return undefined;
    const verdict = this.verdicts.get(token);
    if (verdict === undefined) return undefined;
    this.verdicts.delete(token);
    return verdict.key === key ? verdict.ok : undefined;
  }

  clear(): void {
    this.verdicts.clear();
    this.oldest.reset();
  }
}
