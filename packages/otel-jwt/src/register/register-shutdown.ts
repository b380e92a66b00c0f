import { diagnostics } from '../internal/diagnostics.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What the process hooks need of the registered SDK. Neither may reject. */
export interface Flushable {
  /** Exports what is buffered; telemetry keeps working. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered and stops: nothing is recorded after it. */
  shutdown(): Promise<void>;
}

/**
 * Exports buffered telemetry before the process ends, then lets it end as it would have without
 * otel-jwt:
 * - SIGTERM or SIGINT, and no other listener for it: the signal's default action was to end the
 *   process, so telemetry is shut down (flushed) and the signal raised again, which ends it the same
 *   way (a second signal while flushing is raised at once);
 * - SIGTERM or SIGINT handled by the application: it decides what happens; buffered telemetry is
 *   exported now, and telemetry keeps recording the graceful stop;
 * - the event loop running empty (`beforeExit`): telemetry is shut down, after which the process ends.
 * An application that calls `process.exit()` ends at once: nothing asynchronous runs after it.
 */
export function flushOnExit(telemetry: Flushable): void {
  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= telemetry.shutdown();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // This listener was added before the application ran, so any other one is the application's.
    if (process.listenerCount(signal) > 1) {
      void telemetry.forceFlush();
      return;
    }
    if (stopping !== undefined) {
      raise(signal);
      return;
    }
    void shutdown().then(() => raise(signal));
  };
  const raise = (signal: NodeJS.Signals) => {
    for (const name of SIGNALS) process.removeListener(name, onSignal);
    process.kill(process.pid, signal);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  process.once('beforeExit', () => void shutdown());
}

/** `shutdown` of several parts, in order, each allowed to fail without stopping the others. */
export function shutdownAll(...parts: readonly (() => Promise<void>)[]): () => Promise<void> {
  return async () => {
    for (const part of parts) {
      try {
        await part();
      } catch (error) {
        diagnostics.error(
          `otel-jwt/register: shutting down failed: ${(error as Error)?.message ?? 'unknown'}`,
        );
      }
    }
  };
}
