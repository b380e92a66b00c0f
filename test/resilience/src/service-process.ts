// Test side of the service child: start it, read its stats, stop it; every wait is bounded.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type FromService,
  SERVICE_CONFIG_ENV,
  type ServiceConfig,
  type ServiceStats,
  type ToService,
  UPSTREAM_ENV,
} from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./service.ts', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const REPLY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 8_000;
const OUTPUT_TAIL_CHARS = 8_000;

export interface ServiceHandle {
  readonly url: string;
  /** Verdicts since the previous call (the service starts counting afresh), diagnostics, heap. */
  stats(): Promise<ServiceStats>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** `upstream`: where the service forwards requests to FORWARD_PATH, as a gateway. */
export async function startService(config: ServiceConfig, upstream = ''): Promise<ServiceHandle> {
  // The test runner's loader flags must not leak into the service; --expose-gc for live-heap figures.
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  const child = fork(ENTRY, [], {
    execArgv: ['--expose-gc'],
    env: {
      ...inherited,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      [SERVICE_CONFIG_ENV]: JSON.stringify(config),
      [UPSTREAM_ENV]: upstream,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  const failure = (what: string) => new Error(`service ${what}\n${output}`);

  const ready = await reply(child, exited, START_TIMEOUT_MS, 'ready', failure).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `http://127.0.0.1:${ready.port}`,
    async stats() {
      const answer = reply(child, exited, REPLY_TIMEOUT_MS, 'stats', failure);
      send(child, { type: 'stats' });
      return (await answer).stats;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send(child, { type: 'stop' });
      const timer = new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref(),
      );
      if (!(await Promise.race([exited.then(() => true), timer]))) child.kill('SIGKILL');
      await exited;
    },
  };
}

function reply<T extends FromService['type']>(
  child: ChildProcess,
  exited: Promise<void>,
  ms: number,
  type: T,
  failure: (what: string) => Error,
): Promise<Extract<FromService, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(failure(`sent no ${type} within ${ms} ms`)), ms);
    const onMessage = (message: FromService) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Extract<FromService, { type: T }>);
    };
    child.on('message', onMessage);
    void exited.then(() => {
      clearTimeout(timer);
      reject(failure(`exited with ${child.exitCode ?? child.signalCode} while waiting for ${type}`));
    });
  });
}

function send(child: ChildProcess, message: ToService): void {
  if (child.connected) child.send(message);
}
