/**
 * Header objects of requests that passed an admission step: weakly held, gone with the request. One set
 * per process (on `globalThis`), so the step of one copy of the package (ESM or CJS) and the HTTP hook of
 * another agree.
 */
const MARKS = Symbol.for('otel-jwt.admission.admitted.v1');
const holder = globalThis as unknown as Record<symbol, WeakSet<object> | undefined>;
const admitted: WeakSet<object> = holder[MARKS] ?? new WeakSet<object>();
holder[MARKS] = admitted;

/** Marks a request's header object as seen by the admission step. */
export function markAdmitted(carrier: object): void {
  admitted.add(carrier);
}

/** Whether the admission step saw the request whose header object this is. */
export function wasAdmitted(carrier: object): boolean {
  return admitted.has(carrier);
}
