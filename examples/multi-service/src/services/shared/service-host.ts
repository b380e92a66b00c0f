// Runs a service's app as a child process of main: listen on loopback, say ready, stop cleanly (flushing
// the SDK, so every span and log record is exported) when main asks or goes away.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type { FromService, ToService } from '../../protocol.ts';

/** Bounds each shutdown step: a service that cannot flush still exits. */
const STEP_TIMEOUT_MS = 5_000;

export interface Stoppable {
  shutdown(): Promise<unknown>;
}

export interface HostedService {
  /** Called with the `http` module instrumentation-http patched. */
  readonly handler: (http: typeof Http) => Http.RequestListener;
  readonly sdk: Stoppable;
  readonly jwt: Stoppable & { ready(): Promise<void> };
}

export async function hostService({ handler, sdk, jwt }: HostedService): Promise<void> {
  // The first key fetch (discovery, then JWKS) before the first request; requests never wait for it.
  await jwt.ready();
  // Required, not imported: instrumentation-http patches `http` from a require hook, which an ESM import
  // of a built-in module would bypass.
  const http = createRequire(import.meta.url)('node:http') as typeof Http;
  const server = http.createServer(handler(http));
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await bounded(new Promise<void>((resolve) => server.close(() => resolve())));
    // Flushes the batch processors: everything this service recorded is exported before it exits.
    await bounded(sdk.shutdown());
    await bounded(jwt.shutdown());
    process.exit(0);
  };
  process.on('message', (message: ToService) => {
    if (message.type === 'stop') void stop();
  });
  // main went away without asking: nobody else would stop this process.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

function send(message: FromService): void {
  if (process.connected) process.send?.(message);
}

async function bounded(step: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STEP_TIMEOUT_MS);
  });
  await Promise.race([step.catch(() => {}), timeout]);
  clearTimeout(timer);
}
