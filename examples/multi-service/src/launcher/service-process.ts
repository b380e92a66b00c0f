// One demo service as a separate Node process: `node --import <service>/telemetry.ts <service>/app.ts`.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromService, ServiceName, ToService } from '../protocol.ts';

const START_TIMEOUT_MS = 30_000;
/** A service flushes its exporters when it stops; after this it is killed. */
const STOP_TIMEOUT_MS = 12_000;
/** Output kept to explain a failure: enough for a stack trace. */
const OUTPUT_TAIL_CHARS = 8_000;

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly origin: string;
  /** Whatever the service printed, for diagnosing a failure. */
  output(): string;
  stop(): Promise<void>;
}

// Children main has not stopped yet; killed if main exits without stopping them.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startServiceProcess(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
): Promise<ServiceProcess> {
  const directory = new URL(`../services/${name}/`, import.meta.url);
  const child = fork(fileURLToPath(new URL('app.ts', directory)), [], {
    // The telemetry setup is loaded before the app, as a service would run in production.
    execArgv: ['--import', new URL('telemetry.ts', directory).href],
    env,
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

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: FromService) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.port);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before it was ready`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  });

  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ToService);
      const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
