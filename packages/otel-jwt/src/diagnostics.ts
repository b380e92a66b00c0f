import { diag } from '@opentelemetry/api';

/**
 * The OTel diag logger, guarded: a logger that throws must not turn a background key refresh into an
 * unhandled rejection. Messages never carry token, claim or key material.
 */
export const diagnostics = {
  warn(message: string): void {
    try {
      diag.warn(message);
    } catch {
      // A broken logger must not break verification.
    }
  },
  info(message: string): void {
    try {
      diag.info(message);
    } catch {
      // As above.
    }
  },
  error(message: string): void {
    try {
      diag.error(message);
    } catch {
      // As above.
    }
  },
};
