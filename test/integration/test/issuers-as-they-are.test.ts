// Issuers as they are, across three real services A -> B -> C (NodeSDK, instrumentation-http, otel-jwt):
// Entra ID's pairwise `sub` with a stable `oid`, and a Flask monolith's own PyJWT tokens, which carry no
// `iss` or `aud` and come in a `jwt` cookie, the Authorization header as fallback.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { IssuerConfig, JwtTelemetryConfig, JwtVerifierConfig } from 'otel-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chain, type ChainOverrides, startChain } from '../src/chain.ts';
import { assertNoTokenMaterial, bearer, call, entrySpans, hop } from '../src/scenario-kit.ts';
import type { TelemetryOverride } from '../src/service-telemetry.ts';

const SERVICE = new URL('../src/service.ts', import.meta.url);
/** The monolith's SECRET_KEY, made at run time. */
const SECRET = randomBytes(32).toString('base64url');

const everyService = (override: TelemetryOverride): ChainOverrides => ({
  A: override,
  B: override,
  C: override,
});
/** The base configuration with its one issuer's subject taken from `oid`. */
const byOid: TelemetryOverride = (base) => {
  const [idp] = (base.verifier as JwtVerifierConfig).issuers as IssuerConfig[];
  return { ...base, verifier: { issuers: [{ ...idp, subjectClaim: 'oid' } as IssuerConfig] } };
};
/** A service of the monolith's world: its self-issued tokens only, read from the cookie first, role mapped. */
const ofMonolith: TelemetryOverride = (base): JwtTelemetryConfig => ({
  ...base,
  verifier: {
    issuers: [
      {
        kind: 'self-issued',
        name: 'monolith',
        secrets: [{ secret: SECRET, alg: 'HS256' }],
        subjectClaim: 'username',
      },
    ],
  },
  tokenSources: [{ type: 'cookie', name: 'jwt' }, { type: 'authorization' }],
  claims: { role: 'user.role' },
});

/** A token as the monolith mints it: `jwt.encode({"username", "role", "exp", "iat"}, SECRET_KEY, "HS256")`. */
function pyjwt(username: string, role = 'admin'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username, role, exp: now + 3600, iat: now })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(SECRET));
}

describe('issuers as they are, across A -> B -> C', () => {
  let chain: Chain | undefined;
  beforeAll(async () => {
    chain = await startChain({ serviceEntry: SERVICE, overrides: everyService(byOid) });
  }, 60_000);
  afterAll(() => chain?.stop(), 30_000);

  /** A -> B -> C, each hop handed a token of the same user (oid) under a pairwise sub of its own. */
  async function pairwiseChain(on: Chain) {
    const mint = (sub: string) => on.tokens.mint({ sub, oid: 'user-1', roles: ['reader'] });
    const response = await call(on, {
      authorization: bearer(await mint('pairwise-for-a')),
      hops: [
        { url: on.url('B'), authorization: bearer(await mint('pairwise-for-b')) },
        { url: on.url('C'), authorization: bearer(await mint('pairwise-for-c')) },
      ],
    });
    return { response, spans: await entrySpans(on, response.traceId, ['A', 'B', 'C']) };
  }

  it('Entra ID: hops whose tokens differ in sub but share oid are consistent with subjectClaim oid', async () => {
    const { response, spans } = await pairwiseChain(chain as Chain);
    const [a, b, c] = [hop(response, 'A'), hop(response, 'B'), hop(response, 'C')];
    expect([a, b, c].map((at) => at.auth?.status)).toEqual(['valid', 'valid', 'valid']);
    expect([a, b, c].map((at) => at.auth?.subjectVerdict)).toEqual([
      'no_upstream_proof',
      'consistent',
      'consistent',
    ]);
    const hashes = spans.map((span) => span.attributes['user.hash']);
    expect(typeof hashes[0]).toBe('string');
    expect(new Set(hashes).size).toBe(1);
  });

  it('Entra ID, the control: the same chain with the default subject claim sub reports changed', async () => {
    const bySub = await (chain as Chain).derive({});
    try {
      const { response, spans } = await pairwiseChain(bySub);
      expect(hop(response, 'B').auth?.subjectVerdict).toBe('changed');
      expect(hop(response, 'C').auth?.subjectVerdict).toBe('changed');
      expect(spans[2]?.attributes['jwt.subject.changed']).toBe(true);
      expect(new Set(spans.map((span) => span.attributes['user.hash'])).size).toBe(3);
    } finally {
      await bySub.stop();
    }
  }, 60_000);

  it('a Flask monolith’s PyJWT tokens: the jwt cookie at A, the Authorization header after, role mapped and username checked across hops', async () => {
    const shop = await (chain as Chain).derive(everyService(ofMonolith));
    try {
      const alice = await pyjwt('alice');
      const response = await call(shop, {
        headers: { cookie: `theme=dark; jwt=${alice}` },
        hops: [
          { url: shop.url('B'), authorization: bearer(alice) },
          { url: shop.url('C'), authorization: 'keep' },
        ],
      });
      const [a, b, c] = [hop(response, 'A'), hop(response, 'B'), hop(response, 'C')];
      expect([a, b, c].map((at) => at.auth?.status)).toEqual(['valid', 'valid', 'valid']);
      expect([a, b, c].map((at) => at.auth?.subjectVerdict)).toEqual([
        'no_upstream_proof',
        'consistent',
        'consistent',
      ]);
      for (const at of [a, b, c]) expect(at.baggage['user.role']).toBe('admin');
      const spans = await entrySpans(shop, response.traceId, ['A', 'B', 'C']);
      for (const span of spans) {
        expect(span.attributes['jwt.issuer']).toBe('monolith');
        expect(span.attributes['user.role']).toBe('admin');
        expect(span.attributes['user.id']).toBeUndefined();
      }
      expect(new Set(spans.map((span) => span.attributes['user.hash'])).size).toBe(1);
      assertNoTokenMaterial(spans, alice);

      // Another user's token at C: the username is the subject, so C reports the change.
      const bob = await pyjwt('bob');
      const swapped = await call(shop, {
        headers: { cookie: `jwt=${alice}` },
        hops: [
          { url: shop.url('B'), authorization: bearer(alice) },
          { url: shop.url('C'), authorization: bearer(bob) },
        ],
      });
      expect(hop(swapped, 'C').auth).toMatchObject({ status: 'valid', subjectVerdict: 'changed' });

      // One token in the cookie and another in the header is no token: multiple_tokens.
      const both = await call(shop, { headers: { cookie: `jwt=${alice}` }, authorization: bearer(bob) });
      expect(both.auth).toMatchObject({ status: 'invalid', code: 'multiple_tokens' });
    } finally {
      await shop.stop();
    }
  }, 60_000);
});
