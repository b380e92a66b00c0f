import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The package directory: `otel-jwt/register` resolves there by name, through the package's exports. */
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const APP = fileURLToPath(new URL('./register-app.ts', import.meta.url));

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** `node --import otel-jwt/register register-app.ts`, its output collected. */
export interface RegisterChild {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The port the application listens on, once it says so; rejects after `timeoutMs` or if it ends first. */
  listening(timeoutMs?: number): Promise<number>;
  /** How it ended; rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<ChildExit>;
}

const children = new Set<ChildProcess>();

/**
 * Starts the test application with the register entry. The environment is `env` alone (with PATH), not
 * the test's: no variable of the test run can leak into the configuration under test.
 */
export function startRegisterChild(env: Record<string, string>): RegisterChild {
  const child = spawn(process.execPath, ['--import', 'otel-jwt/register', APP], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<ChildExit>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    listening: (timeoutMs = 10_000) =>
      bounded(timeoutMs, 'the application to listen', (resolve, reject) => {
        const check = () => {
          const port = /listening (\d+)/.exec(stdout)?.[1];
          if (port !== undefined) resolve(Number(port));
        };
        child.stdout?.on('data', check);
        check();
        void exit.then(() => reject(new Error(`the application ended before listening: ${stderr}`)));
      }),
    exited: (timeoutMs = 10_000) =>
      bounded(timeoutMs, 'the application to end', (resolve) => exit.then(resolve)),
  };
}

/** Kills every child still running (afterAll). */
export function killRegisterChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

function bounded<T>(
  timeoutMs: number,
  what: string,
  body: (resolve: (value: T) => void, reject: (error: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
    body(
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
