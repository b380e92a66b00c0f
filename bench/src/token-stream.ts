// The memory run's traffic: a stream of distinct valid tokens minted on the fly (never all held at
// once), mixed with returning users: a share of requests resends a token seen lately, picked at random
// from a window of recent tokens, so that some are still cached and some are not.
import type { BenchAlg, Idp } from './idp.ts';

const MINT_BATCH = 512;

export interface StreamOptions {
  readonly alg: BenchAlg;
  /** Distinct tokens the stream mints in all. */
  readonly distinct: number;
  /** Share of requests (0 to 1) that resend a recent token. */
  readonly repeatShare: number;
  /** How many of the most recent distinct tokens a repeat picks from. */
  readonly window: number;
}

export class TokenStream {
  /** Distinct tokens handed out so far, and requests that resent one. */
  sent = 0;
  repeats = 0;
  private readonly recent: string[] = [];
  private batch: string[] = [];
  /** Tokens whose signing has been started. */
  private issued = 0;
  private prefetch: Promise<string[]> | undefined;
  private refill: Promise<void> | undefined;
  // A fixed seed: every run sends the same mix.
  private seed = 0x9e3779b9;
  private readonly idp: Idp;
  private readonly options: StreamOptions;

  constructor(idp: Idp, options: StreamOptions) {
    this.idp = idp;
    this.options = options;
  }

  /** The next token to send, or undefined once every distinct token was sent. */
  async next(): Promise<string | undefined> {
    if (this.recent.length > 0 && this.random() < this.options.repeatShare) {
      this.repeats++;
      return this.recent[Math.floor(this.random() * this.recent.length)];
    }
    while (this.batch.length === 0) {
      if (this.sent >= this.options.distinct) return undefined;
      // One refill at a time, however many senders find the batch empty.
      this.refill ??= this.takeBatch().finally(() => {
        this.refill = undefined;
      });
      await this.refill;
    }
    const token = this.batch.pop() as string;
    if (this.recent.length < this.options.window) this.recent.push(token);
    else this.recent[this.sent % this.options.window] = token;
    this.sent++;
    return token;
  }

  private async takeBatch(): Promise<void> {
    const batch = await (this.prefetch ?? this.mint());
    // Sign the next batch while this one is sent.
    this.prefetch = this.mint();
    this.batch = batch;
  }

  private mint(): Promise<string[]> {
    const from = this.issued;
    const count = Math.max(0, Math.min(MINT_BATCH, this.options.distinct - from));
    this.issued += count;
    return Promise.all(Array.from({ length: count }, (_, i) => this.idp.mint(this.options.alg, from + i)));
  }

  /** mulberry32. */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
