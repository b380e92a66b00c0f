// Child-process entry of one benchmarked service: one configuration, a node:http server on loopback,
// counters and memory figures for the runner over IPC. One process per run: a fresh NodeSDK each time.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { counters } from './answer.ts';
import { type FromService, SERVICE_CONFIG_ENV, type ServiceConfig, type ToService } from './protocol.ts';
import { startVariant } from './variants.ts';

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as ServiceConfig;
const variant = await startVariant(config);

// Loaded through require after the SDK started: instrumentation-http patches `http` from a require
// hook, which an ESM import of a built-in module would bypass.
const http = createRequire(import.meta.url)('node:http') as typeof Http;
const server = http.createServer(variant.handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') send({ type: 'ready', port: address.port });
});

process.on('message', (message: ToService) => {
  if (message.type === 'stats') send({ type: 'stats', stats: stats() });
  if (message.type === 'stop') void stop();
});
// The runner died or let go of the channel: nobody will ask this child to stop.
process.on('disconnect', () => void stop());

function stats() {
  // Live heap, not garbage waiting for the next collection (needs --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, heapTotal, rss } = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { heapUsed, heapTotal, rss, cpuUs: cpu.user + cpu.system, ...counters };
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  const deadline = new Promise((resolve) => setTimeout(resolve, 3_000).unref());
  await Promise.race([variant.shutdown().catch(() => undefined), deadline]);
  process.exit(0);
}

function send(message: FromService): void {
  if (process.connected) process.send?.(message);
}
