// Revocation across three real services A -> B -> C (NodeSDK, instrumentation-http, otel-jwt), each a
// child process on real clocks: a deny-list document they all fetch every second, and opaque tokens each
// hop introspects in its admission step at one endpoint. Both served from the test process.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IssuerConfig, JwtVerifierConfig } from 'otel-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chain, startChain } from '../src/chain.ts';
import type { HopResponse } from '../src/protocol.ts';
import {
  type DenyListDocument,
  type IntrospectionEndpoint,
  startDenyListDocument,
  startIntrospectionEndpoint,
} from '../src/revocation-servers.ts';
import { assertNoTokenMaterial, bearer, call, entrySpans, hop, mintAlice } from '../src/scenario-kit.ts';
import type { TelemetryOverride } from '../src/service-telemetry.ts';
import { AUDIENCE } from '../src/tokens.ts';

const SERVICE = new URL('../src/service.ts', import.meta.url);
const REFRESH_SECONDS = 1;
const MAX_CACHE_SECONDS = 1;
/** Beyond the interval under test: a document fetch, an introspection and a chain round trip on a loaded machine. */
const SLACK_MS = 1500;
const POLL_MS = 100;

/** Each hop's verdict, `valid` or `status:code`. */
function verdicts(response: HopResponse): string[] {
  return (['A', 'B', 'C'] as const).map((name) => {
    const auth = hop(response, name).auth;
    return auth?.status === 'valid' ? 'valid' : `${auth?.status}:${auth?.code}`;
  });
}

/** A -> B -> C, every hop forwarding the caller's token as it came. */
async function through(chain: Chain, token: string): Promise<HopResponse> {
  return call(chain, {
    authorization: bearer(token),
    hops: [
      { url: chain.url('B'), authorization: 'keep' },
      { url: chain.url('C'), authorization: 'keep' },
    ],
  });
}

/** Calls the chain until every hop answers `expected`; fails when that takes `limitMs` or more. */
async function untilEveryHop(chain: Chain, token: string, expected: string, limitMs: number): Promise<void> {
  const started = performance.now();
  let seen: string[] = [];
  while (performance.now() - started < limitMs) {
    seen = verdicts(await through(chain, token));
    if (seen.every((verdict) => verdict === expected)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`after ${limitMs} ms the hops still answered ${seen.join(', ')}`);
}

describe('revocation across A -> B -> C', () => {
  let chain: Chain | undefined;
  let denyList: DenyListDocument;
  let introspection: IntrospectionEndpoint;

  beforeAll(async () => {
    [denyList, introspection] = await Promise.all([startDenyListDocument(), startIntrospectionEndpoint()]);
    /** The base issuer, its opaque tokens introspected; the shared deny-list refreshed every second. */
    const revocable: TelemetryOverride = (base) => {
      const [idp] = (base.verifier as JwtVerifierConfig).issuers as IssuerConfig[];
      return {
        ...base,
        verifier: {
          issuers: [
            {
              ...idp,
              introspection: {
                endpoint: introspection.endpoint,
                client: introspection.client,
                maxCacheSeconds: MAX_CACHE_SECONDS,
              },
            } as IssuerConfig,
          ],
          denyList: { url: denyList.url, refreshSeconds: REFRESH_SECONDS },
        },
      };
    };
    chain = await startChain({
      serviceEntry: SERVICE,
      overrides: { A: revocable, B: revocable, C: revocable },
    });
  }, 60_000);

  afterAll(async () => {
    await chain?.stop();
    await Promise.all([denyList?.close(), introspection?.close()]);
  }, 30_000);

  it('a jti published on the shared deny-list is refused at every hop within one refresh interval, cached verdicts included', async () => {
    const on = chain as Chain;
    const jti = randomUUID();
    const token = await mintAlice(on, { jti });
    // Twice: the second time every hop answers from its verified cache.
    expect(verdicts(await through(on, token))).toEqual(['valid', 'valid', 'valid']);
    expect(verdicts(await through(on, token))).toEqual(['valid', 'valid', 'valid']);
    const fetchesBefore = denyList.fetches;
    denyList.publish(jti, Math.floor(Date.now() / 1000) + 300);
    await untilEveryHop(on, token, 'invalid:revoked', REFRESH_SECONDS * 1000 + SLACK_MS);
    // Every service fetched the document again meanwhile; a token of another jti is untouched.
    expect(denyList.fetches - fetchesBefore).toBeGreaterThanOrEqual(3);
    const other = await mintAlice(on);
    expect(verdicts(await through(on, other))).toEqual(['valid', 'valid', 'valid']);
    expect(verdicts(await through(on, token))).toEqual([
      'invalid:revoked',
      'invalid:revoked',
      'invalid:revoked',
    ]);
  });

  it('an opaque token is introspected by each hop on admission and valid everywhere, until the endpoint calls it inactive', async () => {
    const on = chain as Chain;
    const token = `opq_${randomBytes(24).toString('base64url')}`;
    const now = Math.floor(Date.now() / 1000);
    introspection.answers.set(token, {
      active: true,
      sub: 'alice',
      aud: AUDIENCE,
      exp: now + 300,
      iat: now,
      roles: ['reader'],
      client_id: 'web-app',
    });
    const response = await through(on, token);
    expect(verdicts(response)).toEqual(['valid', 'valid', 'valid']);
    expect((['A', 'B', 'C'] as const).map((name) => hop(response, name).auth?.sub)).toEqual([
      'alice',
      'alice',
      'alice',
    ]);
    // One introspection per service, each on admission (a verify alone would say not_introspected).
    expect(introspection.requestsFor(token)).toBe(3);
    expect(hop(response, 'C').auth?.subjectVerdict).toBe('consistent');
    expect(hop(response, 'C').baggage['user.roles']).toBe('reader');
    const spans = await entrySpans(on, response.traceId, ['A', 'B', 'C']);
    for (const span of spans) expect(span.attributes['jwt.result']).toBe('valid');
    assertNoTokenMaterial(spans, token);

    introspection.answers.set(token, { active: false });
    await untilEveryHop(on, token, 'invalid:token_inactive', MAX_CACHE_SECONDS * 1000 + SLACK_MS);
    expect(introspection.requestsFor(token)).toBeGreaterThanOrEqual(6);
  });
});
