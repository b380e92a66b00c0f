import { diagnostics } from '../internal/diagnostics.js';

/** The callback of the SDKs' `export` (spans, log records, metrics). */
export type ExportResultCallback = (result: { code: number; error?: Error }) => void;

/** `ExportResultCode.FAILED` of `@opentelemetry/core`, without depending on it at run time. */
const FAILED = 1;

/**
 * Hands `exporter` what `redact` makes of `batch`. A batch that cannot be redacted is not exported and
 * its callback gets a failure: exporting unredacted telemetry is the one thing a wrapper must never do.
 * `what` names the batch's items in the diagnostic (a constant of the caller, never data).
 */
export function exportRedacted<B>(
  exporter: { export(batch: B, resultCallback: ExportResultCallback): void },
  batch: B,
  redact: (batch: B) => B,
  what: 'spans' | 'log records' | 'metrics',
  resultCallback: ExportResultCallback,
): void {
  let safe: B;
  try {
    safe = redact(batch);
  } catch {
    diagnostics.warn(`otel-jwt could not redact a batch of ${what}; the batch was not exported`);
    resultCallback({ code: FAILED });
    return;
  }
  exporter.export(safe, resultCallback);
}
