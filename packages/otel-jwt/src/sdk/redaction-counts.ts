import { OutcomeCounts } from '../internal/outcome-counts.js';

/** The signal whose values a redaction replaced. */
export type RedactionSignal = 'spans' | 'logs' | 'metrics';

const SIGNALS: Readonly<Record<RedactionSignal, true>> = { spans: true, logs: true, metrics: true };

/** Values replaced per signal, for the `jwt.redactions` counter. */
export function redactionCounts(): OutcomeCounts {
  return new OutcomeCounts(Object.keys(SIGNALS));
}

/**
 * The counts each processor and exporter wrapper of a telemetry adds to. Held beside the component
 * rather than in it: the classes are public, and one made by the application on its own counts nothing.
 * Looked up only when something was replaced, so a clean span or record pays nothing.
 */
const sinks = new WeakMap<object, OutcomeCounts>();

/** Makes `component` (a processor or exporter wrapper) count what it replaces into `counts`. */
export function countRedactionsOf<T extends object>(component: T, counts: OutcomeCounts): T {
  sinks.set(component, counts);
  return component;
}

/** Adds `amount` values that `component` replaced in `signal`; nothing when it counts nowhere. */
export function countRedactions(component: object, signal: RedactionSignal, amount: number): void {
  if (amount > 0) sinks.get(component)?.add(signal, amount);
}
