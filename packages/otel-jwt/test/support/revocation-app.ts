import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createJwtTelemetry, getAuth, type JwtTelemetry } from '../../src/index.js';
import type { RedactableSpan } from '../../src/sdk/span-redaction.js';
import { type DenyListServer, startDenyListServer } from './deny-list-server.js';
import { type IntrospectionServer, startIntrospectionServer } from './introspection-server.js';
import { type MetricsUnderTest, meterProvider, type Point, tableOf } from './metric-reading.js';
import { captureDiag, until } from './remote-fixtures.js';
import { type StatusListServer, startStatusListServer } from './status-list-server.js';
import { AUDIENCE, HMAC_KEY, ISSUER, KEY } from './telemetry-fixtures.js';

// One service as a user runs it with revocation on: createJwtTelemetry (status lists, introspection and a
// deny-list document, each a real loopback server), a started NodeSDK with instrumentation-http, a real
// node:http app, and an exporter behind `jwt.redactingSpanExporter`; metrics go to a real MeterProvider.

type SdkProcessor = NonNullable<
  NonNullable<ConstructorParameters<typeof NodeSDK>[0]>['spanProcessors']
>[number];
type EndedSpan = Parameters<SdkProcessor['onEnd']>[0];

/** Asks the app to put the caller's Authorization header on its span, as a careless app would. */
const CARELESS = 'x-test-careless';

/** What the app's handler saw (getAuth and the active baggage), as its answer. */
export interface Seen {
  readonly traceId: string;
  /** `valid`, `absent` or `status:code`. */
  readonly verdict: string;
  readonly form?: string;
  readonly sub?: unknown;
  readonly baggage: Record<string, string>;
}

export interface RevocationApp {
  readonly jwt: JwtTelemetry;
  readonly introspection: IntrospectionServer;
  readonly denyList: DenyListServer;
  /** The issuer's status lists; list `orders` is [VALID, INVALID] (1 bit). */
  readonly lists: StatusListServer;
  readonly metrics: MetricsUnderTest;
  /** Every diagnostic and operator notice so far. */
  readonly diagnostics: readonly string[];
  /** GET with `Bearer token`; `careless`: the app puts the header on its span and an event. */
  get(token: string, careless?: boolean): Promise<Seen>;
  /** The exported server span of one request, once it has ended. */
  serverSpanOf(traceId: string): Promise<RedactableSpan>;
  /** Every exported span as text: name, attributes, events, links and status. */
  exportedText(): string;
  stop(): Promise<void>;
}

/** The app: reports getAuth's verdict; on request, spreads the Authorization header over its span. */
function handle(request: Http.IncomingMessage, response: Http.ServerResponse): void {
  const active = context.active();
  const result = getAuth(active)?.result;
  const span = trace.getSpan(active);
  if (request.headers[CARELESS] !== undefined) {
    const authorization = request.headers.authorization ?? '';
    span?.setAttribute('app.authorization', authorization);
    span?.addEvent('app.token_seen', { 'app.token': authorization.replace(/^Bearer /, '') });
  }
  const seen: Seen = {
    traceId: span?.spanContext().traceId ?? '',
    verdict:
      result === undefined
        ? 'no auth'
        : result.status === 'valid' || result.status === 'absent'
          ? result.status
          : `${result.status}:${result.code}`,
    ...(result?.status === 'valid' ? { form: result.form, sub: result.claims.sub } : {}),
    baggage: Object.fromEntries(
      (propagation.getBaggage(active)?.getAllEntries() ?? []).map(([key, entry]) => [key, entry.value]),
    ),
  };
  const body = JSON.stringify(seen);
  response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(body);
}

function get(http: typeof Http, origin: string, token: string, careless: boolean): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...(careless ? { [CARELESS]: '1' } : {}) };
    const request = http.get(`${origin}/orders`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(JSON.parse(body) as Seen));
    });
    request.on('error', reject);
  });
}

/**
 * Starts the servers, the telemetry, the SDK and the app, in a user's order: the telemetry before the
 * app listens, so the admission step is in front of it. The loopback servers listen first and are not
 * admitted (the one notice about that is expected).
 */
export async function startRevocationApp(): Promise<RevocationApp> {
  const said = captureDiag();
  const [introspection, denyList, lists] = await Promise.all([
    startIntrospectionServer(),
    startDenyListServer([]),
    startStatusListServer(),
  ]);
  lists.setList('orders', 1, [0, 1]);
  const metrics = meterProvider();
  const jwt = createJwtTelemetry({
    verifier: {
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          // The access tokens' key and the status lists' key.
          keys: {
            type: 'static',
            keys: [
              { type: 'jwk', jwk: KEY.publicJwk },
              { type: 'jwk', jwk: lists.signer.jwk },
            ],
          },
          statusList: { mode: 'when-present', allowedUris: [lists.listsPrefix] },
          introspection: { endpoint: introspection.endpoint, client: introspection.client },
        },
      ],
      denyList: { url: denyList.documentUrl, refreshSeconds: 3600 },
    },
    hmacKey: HMAC_KEY,
    claims: { roles: 'user.roles' },
    metrics: { meterProvider: metrics.provider },
  });
  const exported: RedactableSpan[] = [];
  const exporter = jwt.redactingSpanExporter<RedactableSpan>({
    export: (spans, done) => {
      exported.push(...spans);
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  });
  // A simple exporting processor: each ended span goes to the exporter at once.
  const exporting: SdkProcessor = {
    onStart: () => {},
    onEnd: (span) => exporter.export([span as unknown as RedactableSpan], () => {}),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    spanProcessors: [jwt.spanProcessor, exporting],
    instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  await jwt.ready();
  // instrumentation-http patches node:http (the module object, required) on the next require.
  const http = createRequire(import.meta.url)('node:http') as typeof Http;
  const app = http.createServer(handle);
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const findServerSpan = (traceId: string) =>
    exported.find((span) => {
      const ended = span as unknown as EndedSpan;
      return ended.kind === SpanKind.SERVER && ended.spanContext().traceId === traceId;
    });
  return {
    jwt,
    introspection,
    denyList,
    lists,
    metrics,
    diagnostics: said.messages,
    get: (token, careless = false) => get(http, origin, token, careless),
    async serverSpanOf(traceId) {
      await until(() => findServerSpan(traceId) !== undefined);
      return findServerSpan(traceId) as RedactableSpan;
    },
    exportedText: () =>
      JSON.stringify(
        exported.map(({ name, attributes, events, links, status }) => ({
          name,
          attributes,
          events,
          links,
          status,
        })),
      ),
    async stop() {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      await sdk.shutdown();
      await metrics.provider.shutdown();
      await Promise.all([introspection.stop(), denyList.stop(), lists.stop()]);
      said.stop();
    },
  };
}

/** A metric's points as `{ 'key=value,...': value }`, with `before`'s values subtracted and zeros left out. */
export function delta(
  before: readonly Point[],
  after: readonly Point[],
  metric: string,
): Record<string, number> {
  const was = tableOf(before, metric);
  const changes: Record<string, number> = {};
  for (const [label, value] of Object.entries(tableOf(after, metric))) {
    const change = value - (was[label] ?? 0);
    if (change !== 0) changes[label] = change;
  }
  return changes;
}

/** An active introspection answer of alice's access token, valid for an hour from now (real clock). */
export function liveAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    active: true,
    sub: 'alice',
    aud: AUDIENCE,
    exp: now + 3600,
    iat: now,
    client_id: 'web-app',
    roles: ['admin', 'reader'],
    ...over,
  };
}
