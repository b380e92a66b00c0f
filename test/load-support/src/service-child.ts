// Child side of a service process: listen on loopback and send the port, answer stats requests, and
// stop when asked or when the runner goes away, with a bounded wait for the SDK to shut down.
import type { Server } from 'node:http';
import type { ServiceReply, ServiceRequest } from './service-messages.ts';

/** A shutdown that hangs (an exporter, a key fetch) must not keep the child alive. */
const SHUTDOWN_GRACE_MS = 3_000;

export interface ServiceChild<Stats> {
  /** The figures of one stats reply, taken after a full collection (when --expose-gc is on). */
  stats(): Stats;
  /** Ends the SDK and whatever else the service started. */
  shutdown(): Promise<unknown>;
}

export function serveRunner<Stats>(server: Server, service: ServiceChild<Stats>): void {
  const send = (message: ServiceReply<Stats>) => {
    if (process.connected) process.send?.(message);
  };
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    const deadline = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([service.shutdown().catch(() => undefined), deadline]);
    process.exit(0);
  };

  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') send({ type: 'ready', port: address.port });
  });
  process.on('message', (message: ServiceRequest) => {
    if (message.type === 'stats') {
      // Live heap, not garbage waiting for the next collection.
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'stats', stats: service.stats() });
    }
    if (message.type === 'stop') void stop();
  });
  // The runner died or let go of the channel: nobody will ask this child to stop. It may have gone
  // while this child was still starting, before anyone listened for the disconnect.
  process.on('disconnect', () => void stop());
  if (!process.connected) void stop();
}
