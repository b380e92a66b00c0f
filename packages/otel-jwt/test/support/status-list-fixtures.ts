import { diag } from '@opentelemetry/api';
import { afterEach, vi } from 'vitest';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import { KeyRing } from '../../src/keys/key-ring.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import type { StatusListConfig } from '../../src/revocation/status-list-config.js';
import { statusListFetchCounts } from '../../src/revocation/status-list-outcomes.js';
import { statusListSettings } from '../../src/revocation/status-list-settings.js';
import { StatusLists } from '../../src/revocation/status-lists.js';
import { makeListTokenCheck } from '../../src/verifier/status-list-token.js';
import { TokenParts } from '../../src/verifier/token-parts.js';
import { type StatusListServer, startStatusListServer } from './status-list-server.js';

// StatusLists of one issuer wired to a StatusListServer as the verifier wires them: the list tokens
// checked with the issuer's key ring (the server's signing key, imported as a static JWK).

export const LIST_ISSUER = 'https://idp.test';

export interface ListsUnderTest {
  readonly lists: StatusLists;
  readonly counts: IssuerOutcomeCounts;
}

/** Servers and StatusLists of one test file, all stopped after each test (also fake clocks and diag). */
export function useStatusLists(): {
  server(): Promise<StatusListServer>;
  lists(server: StatusListServer, config?: Partial<StatusListConfig>): ListsUnderTest;
} {
  const servers: StatusListServer[] = [];
  const made: StatusLists[] = [];
  afterEach(async () => {
    for (const lists of made.splice(0)) lists.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    vi.useRealTimers();
    diag.disable();
  });
  return {
    async server() {
      const server = await startStatusListServer();
      servers.push(server);
      return server;
    },
    lists(server, config = {}) {
      const ring = new KeyRing();
      ring.replace(importStaticKeys([{ type: 'jwk', jwk: server.signer.jwk }], 'test.keys', ['ES256']));
      const check = makeListTokenCheck(
        { issuer: LIST_ISSUER, ring, algorithms: new Set(['ES256']), clockToleranceSeconds: 30 },
        new TokenParts(16),
      );
      const settings = statusListSettings(
        {
          mode: 'when-present',
          allowedUris: [server.listsPrefix],
          fetchTimeoutMilliseconds: 2000,
          ...config,
        },
        'statusList',
      );
      const counts = statusListFetchCounts();
      const lists = new StatusLists(LIST_ISSUER, settings, check, counts);
      made.push(lists);
      return { lists, counts };
    },
  };
}

/** The counted fetch outcomes of the issuer, as `{ outcome: count }`. */
export function countsOf(counts: IssuerOutcomeCounts): Record<string, number> {
  const seen: Record<string, number> = {};
  counts.forEach((issuer, outcome, count) => {
    if (issuer === LIST_ISSUER) seen[outcome] = count;
  });
  return seen;
}
