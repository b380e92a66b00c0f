/**
 * A per-second allowance of characters for fingerprinting credentials nobody vouched for (seen-tokens.ts).
 * It is a debt bucket: a token is let in whenever anything is left, whatever its size, and its cost may
 * take the allowance below zero, to be paid back by time. So a flood of small forged tokens cannot keep
 * out a larger genuine one by leaving too little for it, and the characters fingerprinted per second
 * stay within the rate plus one token.
 */
export class IntakeAllowance {
  private left: number;
  private atMs = 0;
  /** Tokens refused for want of allowance, since start or `reset`. */
  refused = 0;

  /** `charsPerSecond`: the refill rate; `burst`: the most that can build up. */
  constructor(
    private readonly charsPerSecond: number,
    private readonly burst: number,
  ) {
    this.left = burst;
  }

  /** Whether a token of `chars` characters may be fingerprinted now; takes them if so. */
  admit(chars: number, nowMs: number): boolean {
    // A clock that went back refills nothing; the next reading starts from it.
    const refill = (Math.max(0, nowMs - this.atMs) * this.charsPerSecond) / 1000;
    this.left = Math.min(this.burst, this.left + refill);
    this.atMs = nowMs;
    if (this.left <= 0) {
      this.refused++;
      return false;
    }
    this.left -= chars;
    return true;
  }

  reset(): void {
    this.left = this.burst;
    this.refused = 0;
  }
}
