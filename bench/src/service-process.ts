// Runner side of a service child: start it, read its counters, stop it; every wait is bounded.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type FromService,
  SERVICE_CONFIG_ENV,
  type ServiceConfig,
  type ServiceStats,
  type ToService,
} from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./service.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const REPLY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

export interface ServiceHandle {
  readonly url: string;
  stats(): Promise<ServiceStats>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServiceOptions {
  /** Live-heap figures after a full collection. */
  readonly exposeGc?: boolean;
  /** Old-space limit: a heap that outgrew it would end the run with an out-of-memory crash, not swap. */
  readonly maxOldSpaceMb?: number;
  /** Writes a V8 CPU profile of the service here when it exits (to see what limits a configuration). */
  readonly cpuProfileDir?: string;
}

export async function startService(
  config: ServiceConfig,
  options: ServiceOptions = {},
): Promise<ServiceHandle> {
  const execArgv = options.exposeGc === true ? ['--expose-gc'] : [];
  if (options.maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  if (options.cpuProfileDir !== undefined)
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  const child = fork(ENTRY, [], {
    execPath: process.execPath,
    execArgv,
    // Nothing exports over the network: spans go to the discarding exporter only.
    env: {
      ...inherited,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      [SERVICE_CONFIG_ENV]: JSON.stringify(config),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));

  const ready = await reply(child, exited, START_TIMEOUT_MS, 'ready').catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `http://127.0.0.1:${ready.port}`,
    async stats() {
      const answer = reply(child, exited, REPLY_TIMEOUT_MS, 'stats');
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
): Promise<Extract<FromService, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service: no ${type} within ${ms} ms`)), ms);
    const onMessage = (message: FromService) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Extract<FromService, { type: T }>);
    };
    child.on('message', onMessage);
    void exited.then(() => {
      clearTimeout(timer);
      reject(
        new Error(`service exited with ${child.exitCode ?? child.signalCode} while waiting for ${type}`),
      );
    });
  });
}

function send(child: ChildProcess, message: ToService): void {
  if (child.connected) child.send(message);
}
