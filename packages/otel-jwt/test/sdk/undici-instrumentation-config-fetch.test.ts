// Global fetch through a started NodeSDK 0.301 with instrumentation-undici and otel-jwt's configuration,
// to real loopback servers: what arrives, whatever the sampler decides.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { getAuth, type JwtTelemetry } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import {
  extract,
  mint,
  parseBaggage,
  TRACE_ID,
  TRACEPARENT,
  telemetry,
} from '../support/telemetry-fixtures.js';

/** One request as a loopback server received it. */
interface Received {
  readonly headers: IncomingHttpHeaders;
  /** Every Authorization value, in order: `rawHeaders` keeps repeated ones. */
  readonly authorization: string[];
}

/** A loopback server (ephemeral port) keeping the headers of every request it answers. */
async function headerServer(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const raw = request.rawHeaders;
    const authorization = raw.filter(
      (_, at) => at % 2 === 1 && raw[at - 1]?.toLowerCase() === 'authorization',
    );
    received.push({ headers: request.headers, authorization });
    response.writeHead(200, { connection: 'close' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: Awaited<ReturnType<typeof headerServer>>[] = [];
let trusted: (typeof servers)[number];
let untrusted: (typeof servers)[number];
let jwt: JwtTelemetry;
let sdk: NodeSDK;

// One SDK for the file (its globals can be registered once); the sampler it asks is switched per block.
const DEFAULT_SAMPLER = new ParentBasedSampler({ root: new AlwaysOnSampler() });
let sampler: Sampler = DEFAULT_SAMPLER;
const switching: Sampler = {
  shouldSample: (...args) => sampler.shouldSample(...args),
  toString: () => `switching(${sampler})`,
};
const ended: ReadableSpan[] = [];
const keeper: SpanProcessor = {
  onStart: () => {},
  onEnd: (span) => void ended.push(span),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

beforeAll(async () => {
  trusted = await headerServer();
  untrusted = await headerServer();
  servers.push(trusted, untrusted);
  // The destinations are the servers' origins, known once they listen.
  jwt = telemetry({
    claims: { roles: 'user.roles' },
    trustedDestinations: [trusted.url],
    forwardToken: { to: [trusted.url] },
  });
  sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    sampler: switching,
    spanProcessors: [jwt.spanProcessor, keeper],
    instrumentations: [new UndiciInstrumentation(jwt.undiciInstrumentationConfig)],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
});

afterAll(async () => {
  await sdk?.shutdown();
  for (const { server } of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterEach(() => {
  seenTokens.clear();
  ended.length = 0;
});

/**
 * The request a service sends with fetch while it serves a request carrying `token`, as the last request
 * `to` received. The inbound request's context is what the HTTP server instrumentation makes active.
 */
async function hop(to: typeof trusted, token: string, init?: RequestInit): Promise<Received> {
  const inbound = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${token}` });
  const before = to.received.length;
  const response = await context.with(inbound, () => fetch(`${to.url}/orders/7`, init));
  await response.text();
  expect(to.received.length).toBe(before + 1);
  return to.received[before] as Received;
}

/** The next hop's verdict on what it received: the same process stands in for it. */
function verdictAt(received: Received): string | undefined {
  return getAuth(extract(jwt.propagator, { ...received.headers }))?.subjectVerdict;
}

const clientSpans = () => ended.filter((span) => span.instrumentationScope.name.endsWith('undici'));

describe.each([
  ['the default sampler', DEFAULT_SAMPLER, 1],
  ['an always-off sampler', new AlwaysOffSampler(), 0],
])('fetch with %s', (_, chosen, recorded) => {
  beforeAll(() => {
    sampler = chosen;
  });
  afterAll(() => {
    sampler = DEFAULT_SAMPLER;
  });

  test('the trusted destination gets the auth baggage, the subject proof and the token, and finds the subject consistent', async () => {
    const token = mint({ roles: ['reader'] });
    const received = await hop(trusted, token);
    const baggage = parseBaggage(received.headers.baggage as string | undefined);
    expect(baggage['user.roles']).toBe('reader');
    expect(baggage['jwt.subject_proof']).toMatch(/^k2\./);
    expect(received.headers.traceparent).toContain(TRACE_ID);
    expect(received.authorization).toEqual([`Bearer ${token}`]);
    expect(verdictAt(received)).toBe('consistent');
    expect(clientSpans()).toHaveLength(recorded);
  });

  test('an untrusted destination gets no auth baggage, proof or token', async () => {
    const received = await hop(untrusted, mint({ roles: ['reader'] }), {
      headers: { baggage: 'color=blue' },
    });
    const baggage = parseBaggage(received.headers.baggage as string | undefined);
    expect(baggage).not.toHaveProperty('user.roles');
    expect(baggage).not.toHaveProperty('jwt.subject_proof');
    expect(received.authorization).toEqual([]);
    expect(received.headers.traceparent).toContain(TRACE_ID);
  });

  test('forwardToken adds no second Authorization header to one the application set: exactly its own arrives', async () => {
    const own = mint({ sub: 'orders-service', roles: ['system'] });
    const received = await hop(trusted, mint({ roles: ['reader'] }), {
      headers: { Authorization: `Bearer ${own}` },
    });
    expect(received.authorization).toEqual([`Bearer ${own}`]);
    // The proof still travels: the next hop sees a token of another subject.
    expect(parseBaggage(received.headers.baggage as string | undefined)['jwt.subject_proof']).toMatch(
      /^k2\./,
    );
    expect(verdictAt(received)).toBe('changed');
  });

  test('an Authorization header given as a Headers object counts as the application’s too', async () => {
    const own = mint({ sub: 'orders-service' });
    const received = await hop(trusted, mint(), {
      headers: new Headers([['authorization', `Bearer ${own}`]]),
    });
    expect(received.authorization).toEqual([`Bearer ${own}`]);
  });

  test('the application’s fetch credential is remembered for redaction', async () => {
    const own = mint({ sub: 'client-credentials' });
    const signature = own.split('.')[2] as string;
    expect(seenTokens.holdsPiece(signature)).toBe(false);
    await hop(untrusted, mint(), { headers: { authorization: `Bearer ${own}` } });
    expect(seenTokens.holdsPiece(signature)).toBe(true);
  });
});
