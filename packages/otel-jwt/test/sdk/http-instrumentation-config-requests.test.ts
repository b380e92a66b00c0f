// node:http requests through a started NodeSDK 0.301 with instrumentation-http and otel-jwt's
// configuration, to a real loopback server: credentials the application sets in ways the options do not
// show are remembered for redaction, and forwardToken never adds a second Authorization header.
import type * as Http from 'node:http';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { JwtTelemetry } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { extract, mint, TRACEPARENT, telemetry } from '../support/telemetry-fixtures.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  /** Every Authorization value, in order: `rawHeaders` keeps repeated ones. */
  readonly authorization: string[];
}

const received: Received[] = [];
let server: Server;
let port: number;
let jwt: JwtTelemetry;
let sdk: NodeSDK;
/** The module object instrumentation-http patches (an ESM import of node:http is not patched here). */
let http: typeof Http;

beforeAll(async () => {
  server = createServer((request, response) => {
    const raw = request.rawHeaders;
    const authorization = raw.filter(
      (_, at) => at % 2 === 1 && raw[at - 1]?.toLowerCase() === 'authorization',
    );
    received.push({ headers: request.headers, authorization });
    response.writeHead(200, { connection: 'close' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  jwt = telemetry({ trustedDestinations: [origin], forwardToken: { to: [origin] } });
  sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    spanProcessors: [jwt.spanProcessor],
    instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  http = createRequire(import.meta.url)('node:http') as typeof Http;
});

afterAll(async () => {
  await sdk?.shutdown();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

afterEach(() => seenTokens.clear());

/**
 * One request sent while serving a request that carries `inbound`; `prepare` may change it before
 * `end()`, as applications do. Resolves with what the server received.
 */
function send(
  inbound: string,
  options: Http.RequestOptions,
  prepare: (request: Http.ClientRequest) => void = () => {},
): Promise<Received> {
  const before = received.length;
  const parent = extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${inbound}` });
  return new Promise((resolve, reject) => {
    context.with(parent, () => {
      const request = http.request({ host: '127.0.0.1', port, path: '/orders/7', ...options }, (response) => {
        response.resume();
        response.on('end', () => resolve(received[before] as Received));
      });
      request.on('error', reject);
      prepare(request);
      request.end();
    });
  });
}

describe('node:http through instrumentation-http with otel-jwt', () => {
  test('control: with no credential of the application, forwardToken sends the inbound token once', async () => {
    const inbound = mint();
    expect((await send(inbound, {})).authorization).toEqual([`Bearer ${inbound}`]);
  });

  // Remembering is checked before the request is sent: the instrumented server of this process
  // remembers the tokens it verifies, which would hide a credential the client side missed.

  test('a credential set with setHeader after http.request is remembered at once, and arrives alone', async () => {
    const own = mint({ sub: 'set-later' });
    const signature = own.split('.')[2] as string;
    const remembered: boolean[] = [];
    const arrived = await send(mint(), {}, (request) => {
      remembered.push(seenTokens.holdsPiece(signature));
      request.setHeader('Authorization', `Bearer ${own}`);
      remembered.push(seenTokens.holdsPiece(signature));
    });
    expect(remembered).toEqual([false, true]);
    expect(arrived.authorization).toEqual([`Bearer ${own}`]);
  });

  test('a credential in header options given as a flat array is remembered, and no token is forwarded beside it', async () => {
    const own = mint({ sub: 'array-headers' });
    const remembered: boolean[] = [];
    const arrived = await send(mint(), { headers: ['Authorization', `Bearer ${own}`] as never }, () => {
      remembered.push(seenTokens.holdsPiece(own.split('.')[2] as string));
    });
    expect(remembered).toEqual([true]);
    // instrumentation-http copies the array into an object keyed 0, 1, ..., so its pair arrives renamed.
    expect(arrived.authorization).toEqual([]);
  });

  test('the auth option keeps its Basic credential: forwardToken does not replace it', async () => {
    const password = 'a-long-enough-password-to-remember';
    const basic = Buffer.from(`service-account:${password}`).toString('base64');
    const remembered: boolean[] = [];
    const arrived = await send(mint(), { auth: `service-account:${password}` }, () => {
      remembered.push(seenTokens.holdsPiece(basic));
    });
    expect(remembered).toEqual([true]);
    expect(arrived.authorization).toEqual([`Basic ${basic}`]);
  });
});
