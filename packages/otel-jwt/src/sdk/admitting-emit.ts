import type http from 'node:http';
import { newestOpenStep, type ServerStep } from './admission-listen-hook.js';

/** The step a server's requests go through (the wrapper reads it per request). */
const STEP = Symbol.for('otel-jwt.admission.step.v1');

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
type StepHolder = { [STEP]?: ServerStep | undefined };

/**
 * When the last held request of each socket is released: a socket's requests (pipelined, or following
 * one another on a kept-alive connection) reach the application in the order they arrived, as without
 * the step, even when a later one has nothing to wait for.
 */
const lastRelease = new WeakMap<object, Promise<void>>();

/**
 * Routes `server`'s `request` events through `step`. The server object gets its own `emit`, which runs
 * before any patch of `http.Server.prototype.emit` (instrumentation-http's), whichever was installed
 * first; the prototype's `emit` is looked up on every call, so a patch made later is still called.
 */
export function bind(server: http.Server, step: ServerStep): void {
  const holder = server as unknown as StepHolder;
  if (STEP in holder) {
    holder[STEP] = step;
    return;
  }
  Object.defineProperty(holder, STEP, { value: step, writable: true });
  const own = Object.hasOwn(server, 'emit') ? (server.emit as Emit) : undefined;
  const emit: Emit = function (this: http.Server, event, ...args) {
    const next = own ?? (Object.getPrototypeOf(this).emit as Emit);
    if (event !== 'request') return next.call(this, event, ...args);
    const request = args[0] as { socket?: unknown } | undefined;
    const socket =
      typeof request?.socket === 'object' && request.socket !== null ? request.socket : undefined;
    const before = socket === undefined ? undefined : lastRelease.get(socket);
    const wait = currentStep(this)?.admitRequest(request);
    if (wait === undefined && before === undefined) return next.call(this, event, ...args);
    const released = Promise.all([before, wait]).then(
      () => {
        // Emitted from a fresh tick, as node:http does: a listener's throw is an uncaught exception, not
        // a rejection of this chain.
        process.nextTick(() => next.call(this, event, ...args));
      },
      () => process.nextTick(() => next.call(this, event, ...args)),
    );
    if (socket !== undefined) {
      lastRelease.set(socket, released);
      void released.then(() => {
        if (lastRelease.get(socket) === released) lastRelease.delete(socket);
      });
    }
    return true;
  };
  Object.defineProperty(server, 'emit', { value: emit, writable: true, configurable: true });
}

/** The server's step, or the newest open one when its own was shut down (a closed step holds nothing). */
function currentStep(server: http.Server): ServerStep | undefined {
  const holder = server as unknown as StepHolder;
  const step = holder[STEP];
  if (step !== undefined && !step.isClosed) return step;
  const newest = newestOpenStep();
  holder[STEP] = newest;
  return newest;
}
