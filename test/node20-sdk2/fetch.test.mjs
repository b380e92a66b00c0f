// Global fetch on this Node (20, its bundled undici) through instrumentation-undici 0.33 and a started
// SDK 2.x NodeSDK with the built otel-jwt's configuration, to real loopback servers, with the default
// sampler and with an always-off one: what chain.test.mjs checks for node:http, for fetch.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { context, defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { SignJWT } from 'jose';
import { createJwtTelemetry, getAuth } from 'otel-jwt';

const ISSUER = 'https://idp.test';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'fetch-1', alg: 'ES256' };

function mint(claims = {}) {
  return new SignJWT({ sub: 'alice', roles: ['reader'], ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'fetch-1' })
    .setIssuer(ISSUER)
    .setAudience('orders')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(pair.privateKey);
}

/** A loopback server keeping the headers of each request, and every Authorization value from rawHeaders. */
async function headerServer() {
  const received = [];
  const server = createServer((request, response) => {
    const raw = request.rawHeaders;
    const authorization = raw.filter(
      (_, at) => at % 2 === 1 && raw[at - 1].toLowerCase() === 'authorization',
    );
    received.push({ headers: request.headers, authorization });
    response.writeHead(200, { connection: 'close' }).end('ok');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${server.address().port}` };
}

/** Members of a baggage header as a record. */
function baggageOf(header) {
  const members = {};
  for (const member of (header ?? '').split(',').filter(Boolean)) {
    const [pair] = member.split(';');
    const eq = pair.indexOf('=');
    members[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return members;
}

describe('fetch with otel-jwt on Node 20 and OpenTelemetry SDK 2.x', () => {
  let trusted;
  let untrusted;
  let jwt;
  let sdk;
  const ended = [];
  const defaultSampler = new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() });
  let sampler = defaultSampler;

  before(async () => {
    trusted = await headerServer();
    untrusted = await headerServer();
    jwt = createJwtTelemetry({
      verifier: {
        issuers: [
          { issuer: ISSUER, audience: 'orders', keys: { type: 'static', keys: [{ type: 'jwk', jwk }] } },
        ],
      },
      claims: { roles: 'user.roles' },
      hmacKey: 'k'.repeat(40),
      trustedDestinations: [trusted.url],
      forwardToken: { to: [trusted.url] },
    });
    sdk = new NodeSDK({
      textMapPropagator: jwt.propagator,
      // The sampler NodeSDK asks is switched per block; one SDK, as its globals register once.
      sampler: { shouldSample: (...args) => sampler.shouldSample(...args), toString: () => 'switching' },
      spanProcessors: [
        jwt.spanProcessor,
        {
          onStart() {},
          onEnd: (span) => ended.push(span),
          forceFlush: async () => {},
          shutdown: async () => {},
        },
      ],
      instrumentations: [new UndiciInstrumentation(jwt.undiciInstrumentationConfig)],
      resourceDetectors: [],
      metricReaders: [],
      logRecordProcessors: [],
    });
    sdk.start();
  });

  after(async () => {
    await sdk?.shutdown();
    for (const { server } of [trusted, untrusted]) {
      server?.closeAllConnections();
      server?.close();
    }
  });

  /** A fetch while serving a request that carries `token`: what `to` received. */
  async function hop(to, token, init) {
    const inbound = jwt.propagator.extract(
      ROOT_CONTEXT,
      { traceparent: TRACEPARENT, authorization: `Bearer ${token}` },
      defaultTextMapGetter,
    );
    const before = to.received.length;
    const response = await context.with(inbound, () => fetch(`${to.url}/orders/7`, init));
    await response.text();
    assert.equal(to.received.length, before + 1);
    return to.received[before];
  }

  const verdictAt = (received) =>
    getAuth(jwt.propagator.extract(ROOT_CONTEXT, { ...received.headers }, defaultTextMapGetter))
      ?.subjectVerdict;

  test('runs on this Node with its bundled undici and instrumentation-undici 0.33 (SDK 2.x)', () => {
    const require = createRequire(import.meta.url);
    assert.match(process.version, /^v20\./);
    assert.equal(require('@opentelemetry/instrumentation-undici/package.json').version, '0.33.0');
    assert.equal(require('@opentelemetry/sdk-node/package.json').version, '0.223.0');
  });

  for (const [name, chosen, recorded] of [
    ['the default sampler', defaultSampler, 1],
    ['an always-off sampler', new tracing.AlwaysOffSampler(), 0],
  ]) {
    describe(`with ${name}`, () => {
      before(() => {
        sampler = chosen;
      });
      after(() => {
        sampler = defaultSampler;
      });

      test('a fetch to a trusted destination carries the auth baggage, the proof and the token once: consistent downstream', async () => {
        ended.length = 0;
        const token = await mint();
        const received = await hop(trusted, token);
        const baggage = baggageOf(received.headers.baggage);
        assert.equal(baggage['user.roles'], 'reader');
        assert.match(baggage['jwt.subject_proof'] ?? '', /^k2\./);
        assert.deepEqual(received.authorization, [`Bearer ${token}`]);
        assert.equal(verdictAt(received), 'consistent');
        const fetchSpans = ended.filter((span) => span.instrumentationScope.name.endsWith('undici'));
        assert.equal(fetchSpans.length, recorded);
      });

      test('a fetch to an untrusted destination carries no auth baggage, proof or token', async () => {
        const received = await hop(untrusted, await mint(), { headers: { baggage: 'color=blue' } });
        const baggage = baggageOf(received.headers.baggage);
        assert.equal(baggage.color, 'blue');
        assert.equal(baggage['user.roles'], undefined);
        assert.equal(baggage['jwt.subject_proof'], undefined);
        assert.deepEqual(received.authorization, []);
      });

      test('forwardToken adds no second Authorization header to the application’s own', async () => {
        const own = await mint({ sub: 'orders-service' });
        const received = await hop(trusted, await mint(), { headers: { Authorization: `Bearer ${own}` } });
        assert.deepEqual(received.authorization, [`Bearer ${own}`]);
        assert.equal(verdictAt(received), 'changed');
      });
    });
  }
});
