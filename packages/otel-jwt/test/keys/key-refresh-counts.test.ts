import { describe, expect, test } from 'vitest';
import type { JwtVerifierConfig } from '../../src/index.js';
import { createJwtVerifier } from '../../src/index.js';
import { countBackgroundWork } from '../../src/internal/background-counts.js';
import type { IssuerOutcomeCounts } from '../../src/internal/outcome-counts.js';
import {
  KEY_REFRESH_OUTCOMES,
  keyRefreshCounts,
  keyRefreshCountsInScope,
} from '../../src/keys/key-refresh-counts.js';
import { AUDIENCE, makeKey, useResources } from '../support/remote-fixtures.js';

const resources = useResources();
const GOOD = 'https://good.test';
const BROKEN = 'https://broken.test';

function listed(counts: IssuerOutcomeCounts): string[] {
  const seen: string[] = [];
  counts.forEach((issuer, outcome, count) => {
    seen.push(`${issuer} ${outcome} ${count}`);
  });
  return seen;
}

function config(goodUri: string, brokenUri: string): JwtVerifierConfig {
  return {
    issuers: [
      { issuer: GOOD, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: goodUri } },
      { issuer: BROKEN, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: brokenUri } },
    ],
    keyRefresh: { fetchTimeoutMilliseconds: 1000 },
  };
}

describe('key refresh counts', () => {
  test('lists success and every KeySourceErrorCode as outcomes', () => {
    expect(KEY_REFRESH_OUTCOMES).toEqual([
      'success',
      'fetch_timeout',
      'fetch_failed',
      'http_error',
      'response_too_large',
      'invalid_json',
      'invalid_jwks',
      'no_usable_keys',
      'invalid_discovery',
      'discovery_issuer_mismatch',
    ]);
  });

  test('a verifier built in scope counts each refresh of each issuer by outcome', async () => {
    const key = await makeKey('k1');
    const good = await resources.server([key.jwk]);
    const broken = await resources.server();
    broken.mode = 'http-500';
    const counts = keyRefreshCounts();
    const verifier = countBackgroundWork({ keyRefreshes: counts }, () =>
      createJwtVerifier(config(good.jwksUri, broken.jwksUri)),
    );
    await verifier.ready();
    await verifier.refreshKeys();
    expect(listed(counts)).toEqual([`${GOOD} success 2`, `${BROKEN} http_error 2`]);
    verifier.close();
  });

  test('a verifier built outside any scope counts nowhere, and the scope ends with its build', async () => {
    const key = await makeKey('k1');
    const good = await resources.server([key.jwk]);
    const counts = keyRefreshCounts();
    countBackgroundWork({ keyRefreshes: counts }, () => undefined);
    expect(keyRefreshCountsInScope()).toBeUndefined();
    const verifier = resources.verifier(config(good.jwksUri, good.jwksUri));
    await verifier.ready();
    expect(listed(counts)).toEqual([]);
  });

  test('an inner build without counts is not counted into the outer scope', () => {
    const outer = keyRefreshCounts();
    const seen = countBackgroundWork({ keyRefreshes: outer }, () =>
      countBackgroundWork(undefined, () => keyRefreshCountsInScope()),
    );
    expect(seen).toBeUndefined();
    expect(countBackgroundWork({ keyRefreshes: outer }, () => keyRefreshCountsInScope())).toBe(outer);
  });
});
