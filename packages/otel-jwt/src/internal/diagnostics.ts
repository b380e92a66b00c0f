import { diag } from '@opentelemetry/api';
import { scrubMessage } from '../redaction/built-in-redaction.js';

/**
 * The OTel diag logger, guarded: a logger that throws must not turn a background key refresh into an
 * unhandled rejection. Messages never carry token, claim or key material; every message is scrubbed
 * of token material all the same, as the one way out to the diag logger for the whole package.
 */
export const diagnostics = {
  warn(message: string): void {
    try {
      diag.warn(scrubMessage(message));
    } catch {
      // A broken logger must not break verification.
    }
  },
  info(message: string): void {
    try {
      diag.info(scrubMessage(message));
    } catch {
      // As above.
    }
  },
  error(message: string): void {
    try {
      diag.error(scrubMessage(message));
    } catch {
      // As above.
    }
  },
};
