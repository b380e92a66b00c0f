/**
 * Which of a stream of repeated operator messages are said: each key once per window, and at most
 * `capacity` keys per window whatever arrives (a flood of made-up keys costs `capacity` messages and
 * `capacity` remembered keys per window, no more). A window of `Infinity` says each key once, ever.
 */
export class NoticeLimiter {
  private readonly said = new Set<string>();
  private windowStartMs = Number.NEGATIVE_INFINITY;

  /** `capacity`: keys said per window (at least 1); `windowMs`: the window's length, in milliseconds. */
  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  /** Whether the message about `key` is to be said now; a yes counts as said. */
  admit(key: string): boolean {
    const now = Date.now();
    if (now - this.windowStartMs >= this.windowMs) {
      this.said.clear();
      this.windowStartMs = now;
    }
    if (this.said.has(key) || this.said.size >= this.capacity) return false;
    this.said.add(key);
    return true;
  }
}
