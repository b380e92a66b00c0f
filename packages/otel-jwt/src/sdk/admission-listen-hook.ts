import type http from 'node:http';
import nodeHttp from 'node:http';
import nodeHttps from 'node:https';
import type { AdmitOutcome } from '../verifier/admission-checks.js';

/** What a server's wrapper needs of an admission step; steps of an ESM and a CJS copy of the package share it. */
export interface ServerStep {
  readonly isClosed: boolean;
  attach(server: http.Server): void;
  /** The request's admission, or `undefined` when it has nothing to wait for. Never throws, never rejects. */
  admitRequest(request: unknown): Promise<AdmitOutcome> | undefined;
}

interface Registry {
  steps: ServerStep[];
  hooked: boolean;
}

/** One registry per process, shared by every copy of the package (ESM and CJS). */
const REGISTRY = Symbol.for('otel-jwt.admission.registry.v2');

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let found = holder[REGISTRY];
  if (found === undefined) {
    found = { steps: [], hooked: false };
    holder[REGISTRY] = found;
  }
  return found;
}

/** The most recently created step that is still open. */
export function newestOpenStep(): ServerStep | undefined {
  const steps = registry().steps;
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index] as ServerStep;
    if (!step.isClosed) return step;
  }
  return undefined;
}

/** Whether an open admission step exists in the process: then a request around it is a setup mistake. */
export function admissionExpected(): boolean {
  return newestOpenStep() !== undefined;
}

/**
 * Puts `step` in front of every `node:http` and `node:https` server that starts listening from now on:
 * the newest open step of the process is attached as the server calls `listen`, the one moment every
 * server (plain, Express, Fastify) passes through before its first request. Servers listening already are
 * not seen: `attach` them, or create the telemetry first (as the recommended setup does).
 */
export function admitListeningServers(step: ServerStep): void {
  const shared = registry();
  forgetClosedSteps();
  shared.steps.push(step);
  if (shared.hooked) return;
  shared.hooked = true;
  for (const proto of [nodeHttp.Server.prototype, nodeHttps.Server.prototype]) {
    // The inherited listen is looked up on every call: a patch of net.Server.prototype.listen made
    // later is still called.
    const inherited = Object.getPrototypeOf(proto) as object;
    const own = Object.hasOwn(proto, 'listen') ? proto.listen : undefined;
    Object.defineProperty(proto, 'listen', {
      configurable: true,
      writable: true,
      value: function listenWithAdmission(this: http.Server, ...args: unknown[]) {
        try {
          newestOpenStep()?.attach(this);
        } catch {
          // Never in the way of the application's own listen.
        }
        const listen = (own ?? Reflect.get(inherited, 'listen', this)) as (...a: unknown[]) => http.Server;
        return listen.apply(this, args);
      },
    });
  }
}

/** Drops closed steps, so a shut-down telemetry is neither attached nor kept alive by the registry. */
export function forgetClosedSteps(): void {
  const shared = registry();
  shared.steps = shared.steps.filter((known) => !known.isClosed);
}
