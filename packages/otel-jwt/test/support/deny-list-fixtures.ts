import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import { DenyList } from '../../src/revocation/deny-list.js';
import type { DenyListConfig } from '../../src/revocation/deny-list-config.js';
import { denyListSettings } from '../../src/revocation/deny-list-settings.js';
import { denyListFetchCounts } from '../../src/revocation/deny-list-source.js';
import { type DeniedEntry, type DenyListServer, startDenyListServer } from './deny-list-server.js';
import { captureDiag, settle, until } from './remote-fixtures.js';

// Deny-lists of a document on a real loopback server, for the tests of the deny-list source. Where the
// schedule matters, the refresh timers are faked together with the clock; the HTTP exchanges stay real.

export const T0 = Date.UTC(2030, 0, 1);
export const NOW = T0 / 1000;
export const REFRESH_MS = 30_000;
export const TIMEOUT_MS = 1000;
export const STALE_MS = 60_000;
/** When the document loaded at T0 stops vouching, while refreshes fail. */
export const USABLE_UNTIL = T0 + REFRESH_MS + TIMEOUT_MS + STALE_MS;

/** Outcome counts of the deny-list fetches, by outcome (all under the empty issuer name). */
export function counted(counts: IssuerOutcomeCounts): Record<string, number> {
  const seen: Record<string, number> = {};
  counts.forEach((issuer, outcome, count) => {
    expect(issuer).toBe('');
    seen[outcome] = count;
  });
  return seen;
}

/** Moves the faked clock and timers to `atMs` after T0, then waits for `requests` document fetches. */
export async function advanceTo(server: DenyListServer, atMs: number, requests: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0 + atMs - Date.now());
  await until(() => server.fetches >= requests);
  await settle(30);
  expect(server.fetches).toBe(requests);
}

/**
 * Servers and deny-lists of one test file, closed after each test (fake clocks and diag too). Operator
 * notices go to a captured diag logger rather than to process warnings.
 */
export function useDenyLists() {
  const servers: DenyListServer[] = [];
  const lists: DenyList[] = [];
  let captured: ReturnType<typeof captureDiag> | undefined;
  beforeEach(() => {
    captured = captureDiag();
  });
  afterEach(async () => {
    for (const list of lists.splice(0)) list.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    vi.useRealTimers();
    diag.disable();
    captured = undefined;
  });
  return {
    async serve(revoked: DeniedEntry[] = [{ jti: 'r1', exp: NOW + 3600 }]): Promise<DenyListServer> {
      const server = await startDenyListServer(revoked);
      servers.push(server);
      return server;
    },
    /** A deny-list of `server`'s document, the clock (with `timers`, the refresh timers too) faked at T0. */
    denyList(server: DenyListServer, over: Partial<DenyListConfig> = {}, timers = false) {
      vi.useFakeTimers({ toFake: timers ? ['Date', 'setTimeout', 'clearTimeout'] : ['Date'] });
      vi.setSystemTime(T0);
      const counts = denyListFetchCounts();
      const settings = denyListSettings({
        url: server.documentUrl,
        refreshSeconds: REFRESH_MS / 1000,
        fetchTimeoutMilliseconds: TIMEOUT_MS,
        staleIfErrorSeconds: STALE_MS / 1000,
        ...over,
      });
      const list = new DenyList(settings, counts);
      lists.push(list);
      return { list, counts };
    },
    /** The operator notices so far (the OpenTelemetry API's own diag lines left out). */
    notices(): string[] {
      return captured?.messages.filter((line) => line.includes('otel-jwt')) ?? [];
    },
  };
}
