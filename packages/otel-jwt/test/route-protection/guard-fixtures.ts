// What requireAuth is given in the unit tests: getAuth of a real propagator's extract, for real tokens.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { vi } from 'vitest';
import { getAuth, type RouteAccess, type RouteRefused } from '../../src/index.js';
import { extract, telemetry } from '../support/telemetry-fixtures.js';

const jwt = telemetry();
/** What getAuth gives for a request with these headers, through the real propagator. */
export const authOf = (headers: Record<string, unknown>) => getAuth(extract(jwt.propagator, headers));
/** The same for a request whose Authorization header carries `token`. */
export const withToken = (token: string) => authOf({ authorization: `Bearer ${token}` });
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The refusal of an access, or a failed test when the request was allowed. */
export function refused(access: RouteAccess): RouteRefused {
  if (access.allowed) throw new Error('the request was allowed');
  return access;
}

/** Installs a diag logger and returns the warnings it receives (uninstall with `diag.disable()`). */
export function warnings(): string[] {
  const logged: string[] = [];
  const warn = (message: string) => void logged.push(message);
  diag.setLogger({ warn, error: warn, info: vi.fn(), debug: vi.fn(), verbose: vi.fn() }, DiagLogLevel.WARN);
  return logged;
}
