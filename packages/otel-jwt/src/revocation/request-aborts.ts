/** A request's abort signal, and the call that ends its bookkeeping once the request is done. */
export interface RequestAbort {
  readonly signal: AbortSignal;
  done(): void;
}

/**
 * The abort signals of one owner's requests: each aborts at its timeout or when the owner closes.
 * One controller per request rather than `AbortSignal.any` with a long-lived close signal, which
 * retains every combined signal in some Node versions (nodejs/node#55351).
 */
export class RequestAborts {
  private readonly open = new Set<AbortController>();
  private closed = false;

  /** A signal that aborts after `timeoutMs` (a TimeoutError) or at {@link abortAll}. */
  start(timeoutMs: number): RequestAbort {
    const controller = new AbortController();
    if (this.closed) controller.abort();
    const timer = setTimeout(
      () => controller.abort(new DOMException('request timed out', 'TimeoutError')),
      timeoutMs,
    );
    timer.unref();
    this.open.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        clearTimeout(timer);
        this.open.delete(controller);
      },
    };
  }

  /** Aborts every request under way and any started later. */
  abortAll(): void {
    this.closed = true;
    for (const controller of this.open) controller.abort();
    this.open.clear();
  }
}
