// One test service as a child process: start it, ask it for spans, stop it; every wait is bounded.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type FromService,
  type Runtime,
  SERVICE_CONFIG_ENV,
  type ServiceConfig,
  type SpanRecord,
  type ToService,
} from './protocol.ts';

const START_TIMEOUT_MS = 20_000;
const REPLY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 8_000;
/** Output kept for error messages: enough for a stack trace. */
const OUTPUT_TAIL_CHARS = 8_000;

export interface ServiceHandle {
  readonly name: string;
  readonly origin: string;
  /** The origin of the service's second listener, when it has one. */
  readonly secondOrigin: string | undefined;
  readonly runtime: Runtime;
  /** Spans ended since the previous call. */
  spans(): Promise<SpanRecord[]>;
  /** The last 8,000 characters the child wrote to stdout and stderr (diagnostics, process warnings). */
  output(): string;
  stop(): Promise<void>;
}

// Children the test process has not stopped yet; killed should the test process exit without stopping them.
// (They also exit on their own when the IPC channel closes.)
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startService(entry: string | URL, config: ServiceConfig): Promise<ServiceHandle> {
  // execArgv cleared: the test runner's own loader flags must not leak into the service.
  const child = fork(typeof entry === 'string' ? entry : fileURLToPath(entry), [], {
    execArgv: [],
    env: childEnv(config),
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
  const failure = (what: string) => new Error(`service ${config.name}: ${what}\n${output}`);

  let ready: Extract<FromService, { type: 'ready' }>;
  try {
    ready = await within(START_TIMEOUT_MS, 'did not start', failure, (resolve, reject) => {
      child.on('message', (message: FromService) => message.type === 'ready' && resolve(message));
      void exited.then(() =>
        reject(failure(`exited with ${child.exitCode ?? child.signalCode} before ready`)),
      );
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  // One listener for every reply, so repeated requests do not pile up listeners.
  const waiting = new Map<number, (spans: SpanRecord[]) => void>();
  child.on('message', (message: FromService) => {
    if (message.type === 'spans') waiting.get(message.id)?.([...message.spans]);
  });
  let nextId = 0;
  return {
    name: config.name,
    origin: `http://127.0.0.1:${ready.port}`,
    secondOrigin: ready.secondPort === undefined ? undefined : `http://127.0.0.1:${ready.secondPort}`,
    runtime: ready.runtime,
    output: () => output,
    async spans() {
      const id = ++nextId;
      try {
        return await within<SpanRecord[]>(
          REPLY_TIMEOUT_MS,
          'did not send its spans',
          failure,
          (resolve, reject) => {
            waiting.set(id, resolve);
            void exited.then(() => reject(failure('exited while asked for spans')));
            send(child, { type: 'spans', id });
          },
        );
      } finally {
        waiting.delete(id);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send(child, { type: 'stop' });
      const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
      }
    },
  };
}

function childEnv(config: ServiceConfig): NodeJS.ProcessEnv {
  // NODE_OPTIONS dropped for the same reason as execArgv.
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  return {
    ...inherited,
    // Nothing may try to export over the network: spans stay in the collector.
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_SERVICE_NAME: `otel-jwt-test-${config.name}`,
    [SERVICE_CONFIG_ENV]: JSON.stringify(config),
  };
}

function send(child: ChildProcess, message: ToService): void {
  if (child.connected) child.send(message);
}

function within<T>(
  ms: number,
  what: string,
  failure: (what: string) => Error,
  executor: (resolve: (value: T) => void, reject: (error: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(failure(`${what} within ${ms} ms`)), ms);
    executor(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
