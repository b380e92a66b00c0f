// Runner side of a service child: fork it with its configuration in the environment, read its stats,
// stop it; every wait is bounded, so a hung or crashed child fails the run instead of stalling it.
import { type ChildProcess, fork } from 'node:child_process';
import type { ServiceReply, ServiceRequest } from './service-messages.ts';

/** Each side sets its own. */
export interface ServiceTimeouts {
  /** Until the child listens and sends its port. */
  readonly startMs: number;
  /** For each stats reply. */
  readonly replyMs: number;
  /** After a stop request, before the child is killed. */
  readonly stopMs: number;
}

export interface ServiceProcessOptions {
  /** Path of the child's entry module. */
  readonly entry: string;
  /** Added to the runner's environment: the service's JSON configuration, under the side's own names. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeouts: ServiceTimeouts;
  /** Live-heap figures after a full collection. */
  readonly exposeGc?: boolean;
  /** Old-space limit: a heap that outgrew it would end the run with an out-of-memory crash, not swap. */
  readonly maxOldSpaceMb?: number;
  /** Writes a V8 CPU profile of the service here when it exits (to see what limits a configuration). */
  readonly cpuProfileDir?: string;
  /**
   * Captures the child's stdout and stderr and adds their last this many characters to every error
   * (a failing test shows why the service died); without it the child writes to the runner's terminal.
   */
  readonly outputTailChars?: number;
}

export interface ServiceProcess<Stats> {
  readonly url: string;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

// Children not stopped yet: killed should the runner exit without stopping them.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startServiceProcess<Stats>(
  options: ServiceProcessOptions,
): Promise<ServiceProcess<Stats>> {
  const { timeouts, outputTailChars } = options;
  // The runner's loader flags (a test runner's, say) must not leak into the service.
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  const child = fork(options.entry, [], {
    execArgv: v8Flags(options),
    // Nothing exports over the network: the services send spans to a discarding exporter only.
    env: {
      ...inherited,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      ...options.env,
    },
    stdio:
      outputTailChars === undefined
        ? ['ignore', 'inherit', 'inherit', 'ipc']
        : ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  let output = '';
  if (outputTailChars !== undefined) {
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-outputTailChars);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  // A fork that failed, or a send racing the channel's close, emits 'error': it must fail this service
  // (a fork that never started counts as exited), never crash the runner as an unhandled event.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.on('error', () => {
      if (child.pid === undefined) resolve();
    });
  });
  void exited.then(() => live.delete(child));
  const channel: Channel = {
    child,
    exited,
    failure: (what) =>
      new Error(outputTailChars === undefined ? `service ${what}` : `service ${what}\n${output}`),
  };

  const ready = await reply(channel, timeouts.startMs, 'ready').catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `http://127.0.0.1:${ready.port}`,
    async stats() {
      const answer = reply<Stats, 'stats'>(channel, timeouts.replyMs, 'stats');
      send(child, { type: 'stats' });
      return (await answer).stats;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send(child, { type: 'stop' });
      const timer = new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), timeouts.stopMs).unref(),
      );
      if (!(await Promise.race([exited.then(() => true), timer]))) child.kill('SIGKILL');
      await exited;
    },
  };
}

function v8Flags(options: ServiceProcessOptions): string[] {
  const flags = options.exposeGc === true ? ['--expose-gc'] : [];
  if (options.maxOldSpaceMb !== undefined) flags.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  if (options.cpuProfileDir !== undefined)
    flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  return flags;
}

interface Channel {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** An error naming what went wrong, with the child's output tail when it is captured. */
  readonly failure: (what: string) => Error;
}

type Reply<Stats, T extends ServiceReply<Stats>['type']> = Extract<ServiceReply<Stats>, { type: T }>;

function reply<Stats, T extends ServiceReply<Stats>['type']>(
  { child, exited, failure }: Channel,
  ms: number,
  type: T,
): Promise<Reply<Stats, T>> {
  return new Promise((resolve, reject) => {
    // Whichever comes first settles the wait and removes the listener, so a late reply never answers
    // the next request.
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      reject(error);
    };
    const timer = setTimeout(() => fail(failure(`sent no ${type} within ${ms} ms`)), ms);
    const onMessage = (message: ServiceReply<Stats>) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Reply<Stats, T>);
    };
    child.on('message', onMessage);
    void exited.then(() =>
      fail(failure(`exited with ${child.exitCode ?? child.signalCode} while waiting for ${type}`)),
    );
  });
}

function send(child: ChildProcess, message: ServiceRequest): void {
  if (child.connected) child.send(message);
}
