// Runs the demo's main (examples/multi-service/src/main.ts) as a child process, which starts the IdP and
// the four services as processes of their own; every wait is bounded.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/multi-service/', import.meta.url));

/** The demo takes 15-20 s alone; the bound leaves room for a busy machine. */
const RUN_TIMEOUT_MS = 120_000;

export interface DemoRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export function runDemo(env: Record<string, string>): Promise<DemoRun> {
  // NODE_OPTIONS dropped: the test runner's loader flags must not reach the demo.
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: EXAMPLE_DIR,
    env: { ...inherited, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => {
    let timedOut = false;
    // SIGINT first: main then stops its services; SIGKILL if that does not end it.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, RUN_TIMEOUT_MS);
    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, timedOut });
    });
  });
}
