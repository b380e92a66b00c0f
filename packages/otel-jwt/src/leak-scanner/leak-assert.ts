import { describeLeakReport, type LeakReport } from './leak-report.js';
import { findTokenLeaks, type LeakTelemetry } from './leak-scanner.js';

/** Reports listed in the message; the rest are counted (all are on `reports`). */
const LISTED = 20;

/** Thrown by {@link assertNoTokenLeaks}: the message lists places and offsets only, never token material. */
export class TokenLeakError extends Error {
  /** Every report of the scan. */
  readonly reports: readonly LeakReport[];

  constructor(reports: readonly LeakReport[]) {
    const lines = reports.slice(0, LISTED).map((report) => `  - ${describeLeakReport(report)}`);
    if (reports.length > LISTED) lines.push(`  - and ${reports.length - LISTED} more`);
    const leaks = reports.filter((report) => report.kind === 'leak').length;
    super(
      `${leaks} token leak(s) in telemetry, ${reports.length - leaks} undecodable part(s):\n${lines.join('\n')}`,
    );
    this.name = 'TokenLeakError';
    this.reports = reports;
  }
}

/**
 * Throws a {@link TokenLeakError} when {@link findTokenLeaks} reports anything: token material, or a
 * part of the payload that could not be decoded (a clean result would not mean anything there).
 */
export function assertNoTokenLeaks(telemetry: LeakTelemetry, tokens: readonly string[]): void {
  const reports = findTokenLeaks(telemetry, tokens);
  if (reports.length > 0) throw new TokenLeakError(reports);
}
