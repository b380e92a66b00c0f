// Tokens for the load runs: one repeated token (verified-cache hits) or a stream where no token comes
// twice (cache misses). Minting happens between runs, never while one is measured.
import type { BenchAlg, Idp } from './idp.ts';

/** Tokens signed in parallel: WebCrypto signs on libuv's thread pool. */
const MINT_BATCH = 256;

export class TokenPool {
  private readonly tokens: string[] = [];
  private next = 0;
  private wrapped = false;
  /** Requests that found the pool used up and got a token again (then not a cache miss for C). */
  reused = 0;

  private readonly idp: Idp;
  readonly alg: BenchAlg;

  constructor(idp: Idp, alg: BenchAlg) {
    this.idp = idp;
    this.alg = alg;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Mints until the pool holds `count` tokens. */
  async ensure(count: number): Promise<void> {
    while (this.tokens.length < count) {
      const batch = Math.min(MINT_BATCH, count - this.tokens.length);
      const base = this.tokens.length;
      this.tokens.push(
        ...(await Promise.all(Array.from({ length: batch }, (_, i) => this.idp.mint(this.alg, base + i)))),
      );
    }
  }

  /** Starts a run: every service process is fresh, so the pool can be sent again from the start. */
  rewind(): void {
    this.next = 0;
    this.wrapped = false;
    this.reused = 0;
  }

  take(): string {
    if (this.next >= this.tokens.length) {
      this.next = 0;
      this.wrapped = true;
    }
    if (this.wrapped) this.reused++;
    return this.tokens[this.next++] as string;
  }
}
