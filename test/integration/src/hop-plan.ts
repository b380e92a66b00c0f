// The plan rides in a header so that one request from the test drives the whole chain.
import type { HopStep } from './protocol.ts';

export function encodePlan(steps: readonly HopStep[]): string {
  return Buffer.from(JSON.stringify(steps)).toString('base64url');
}

/** Never throws: a header the test did not write (or garbage) means no further hops. */
export function decodePlan(header: string | string[] | undefined): HopStep[] {
  if (typeof header !== 'string' || header === '') return [];
  try {
    const value: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return Array.isArray(value) ? value.filter(isHopStep) : [];
  } catch {
    return [];
  }
}

function isHopStep(value: unknown): value is HopStep {
  return typeof value === 'object' && value !== null && typeof (value as HopStep).url === 'string';
}
