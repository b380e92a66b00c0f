// Child-process entry of the service under fault: NodeSDK with instrumentation-http, a batch processor
// to a discarding exporter and otel-jwt; a node:http app that always answers and counts, per stream,
// the verdict otel-jwt gave it, and forwards requests to FORWARD_PATH to an upstream when given one.
// Reports verdicts, diagnostics, key status, live heap and the slowest extract over IPC.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import {
  type Context,
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  propagation,
  type TextMapGetter,
} from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { serveRunner } from '@otel-jwt/load-support/service-child';
import { createJwtTelemetry, getAuth } from 'otel-jwt';
import { type Forward, forwarder } from './forward.ts';
import {
  FORGED_VALUE,
  FORWARD_PATH,
  SERVICE_CONFIG_ENV,
  type ServiceConfig,
  type ServiceStats,
  STREAM_HEADER,
  UPSTREAM_ENV,
  type VerdictCounts,
} from './protocol.ts';
import { Slowest } from './slowest.ts';

const DIAGNOSTICS_KEPT = 50;
const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as ServiceConfig;
let verdicts: VerdictCounts = {};
let forgedSeen = 0;
let uncaught = 0;
let forwarded = 0;
let forwardFailures = 0;
const diagnostics: string[] = [];

process.on('uncaughtException', () => uncaught++);
process.on('unhandledRejection', () => uncaught++);

const jwt = createJwtTelemetry(config);
// Every call timed, in place: the SDK and the instrumentation call these very functions.
const extractTimes = new Slowest();
const outgoingHookTimes = new Slowest();
const propagator = jwt.propagator;
const extract = propagator.extract.bind(propagator);
propagator.extract = extractTimes.wrap((active: Context, carrier: unknown, getter: TextMapGetter) =>
  extract(active, carrier, getter),
);
const httpConfig = jwt.httpInstrumentationConfig;
const httpInstrumentationConfig = {
  ...httpConfig,
  startOutgoingSpanHook: outgoingHookTimes.wrap(httpConfig.startOutgoingSpanHook.bind(httpConfig)),
};
const sdk = new NodeSDK({
  serviceName: 'otel-jwt-resilience',
  resourceDetectors: [],
  textMapPropagator: propagator,
  spanProcessors: [
    jwt.spanProcessor,
    new BatchSpanProcessor({
      exporter: {
        export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
        shutdown: async () => {},
      },
    }),
  ],
  instrumentations: [new HttpInstrumentation(httpInstrumentationConfig)],
});
sdk.start();
// After sdk.start(): the outage must show as diagnostics, so the test keeps what otel-jwt reports.
diag.setLogger(collectingLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
await jwt.ready();

// Loaded through require after sdk.start(): instrumentation-http patches `http` from a require hook.
const http = createRequire(import.meta.url)('node:http') as typeof Http;
const upstream = process.env[UPSTREAM_ENV];
const forward: Forward | undefined = upstream ? forwarder(http, upstream) : undefined;
const server = http.createServer((req, res) => {
  const active = context.active();
  const result = getAuth(active)?.result;
  const verdict =
    result === undefined ? 'none' : 'code' in result ? `${result.status}/${result.code}` : result.status;
  const stream = String(req.headers[STREAM_HEADER] ?? 'default');
  const counts = verdicts[stream] ?? {};
  counts[verdict] = (counts[verdict] ?? 0) + 1;
  verdicts[stream] = counts;
  const baggage = propagation.getBaggage(active);
  if (baggage?.getAllEntries().some(([, entry]) => entry.value.includes(FORGED_VALUE))) forgedSeen++;
  // Whatever the verdict, the app keeps serving: otel-jwt reports, the app decides.
  if (forward === undefined || req.url !== FORWARD_PATH) return answer(res, 200);
  forward(req, (ok) => {
    if (ok) forwarded++;
    else forwardFailures++;
    answer(res, ok ? 200 : 502);
  });
});
function answer(res: Http.ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
}
serveRunner<ServiceStats>(server, {
  stats: takeStats,
  shutdown: () => Promise.all([sdk.shutdown(), jwt.shutdown()]),
});

/** The counts since the last report; counting starts afresh. */
function takeStats(): ServiceStats {
  const stats = {
    verdicts,
    forgedSeen,
    uncaught,
    diagnostics: [...diagnostics],
    keyStatus: jwt.verifier.keyStatus(),
    heapUsed: process.memoryUsage().heapUsed,
    extract: extractTimes.take(),
    outgoingHook: outgoingHookTimes.take(),
    forwarded,
    forwardFailures,
  };
  verdicts = {};
  forgedSeen = 0;
  forwarded = 0;
  forwardFailures = 0;
  return stats;
}

function collectingLogger(): DiagLogger {
  const keep = (message: string) => {
    diagnostics.push(message);
    if (diagnostics.length > DIAGNOSTICS_KEPT) diagnostics.shift();
  };
  const ignore = () => {};
  return { error: keep, warn: keep, info: ignore, debug: ignore, verbose: ignore };
}
