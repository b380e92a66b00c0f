import { scrubMessage } from '../redaction/built-in-redaction.js';
import { diagnostics } from './diagnostics.js';

/** Where @opentelemetry/api 1.x keeps its globals, the diag logger among them. */
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');
/** The `type` of the process warnings, so they can be told apart (`process.on('warning')`). */
export const WARNING_TYPE = 'OtelJwtWarning';

/** Whether a diag logger is installed, at whatever level: then the operator chose where messages go. */
function diagLoggerInstalled(): boolean {
  const globals = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBALS];
  return globals?.diag !== undefined;
}

function say(level: 'warn' | 'error', message: string): void {
  if (diagLoggerInstalled()) {
    diagnostics[level](message);
    return;
  }
  try {
    process.emitWarning(scrubMessage(message), { type: WARNING_TYPE });
  } catch {
    // Like a broken logger, a failing warning must not break verification.
  }
}

/**
 * The few messages an operator must see without asking: keys that did not load, a proof made with
 * another `hmacKey`, a destination that almost matched a rule. NodeSDK installs no diag logger unless
 * `OTEL_LOG_LEVEL` is set, so by default every diag message is dropped: these go to the diag logger
 * when one is installed, and otherwise become Node process warnings (printed on stderr unless the
 * process runs with `--no-warnings`). Callers say each one rarely (once per outage, per key id, per
 * origin): a process warning is not for the request path.
 */
export const operatorNotice = {
  warn(message: string): void {
    say('warn', message);
  },
  error(message: string): void {
    say('error', message);
  },
};
