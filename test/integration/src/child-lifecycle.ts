// The child side of a test service's life, shared by service.ts and careless-service.ts: replies over
// IPC, and one clean stop (server closed, SDK flushed and shut down) in which every step is bounded, so
// a child that cannot stop cleanly still exits.
import type { Server } from 'node:http';
import type { FromService } from './protocol.ts';

export function send(message: FromService): void {
  if (process.connected) process.send?.(message);
}

/** Waits for `step`, at most `timeoutMs`; a step that fails counts as done. */
export async function bounded(step: Promise<unknown> | undefined, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.resolve(step).catch(() => {}), timeout]);
  clearTimeout(timer);
}

/**
 * The child's stop, run once however often it is asked: closes `server`, runs `shutdowns` in order
 * (shutting an SDK down flushes its processors), then exits.
 */
export function stopper(
  server: Server,
  shutdowns: readonly (() => Promise<unknown>)[],
  timeoutMs: number,
): () => Promise<void> {
  let stopping = false;
  return async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await bounded(new Promise<void>((resolve) => server.close(() => resolve())), timeoutMs);
    for (const shutdown of shutdowns) await bounded(shutdown(), timeoutMs);
    process.exit(0);
  };
}
