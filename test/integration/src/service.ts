// Child-process entry of one test service: NodeSDK with instrumentation-http and otel-jwt, an http
// server on loopback, spans kept in memory and handed to the test over IPC.
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createJwtTelemetry } from 'otel-jwt';
import { bounded, send, stopper } from './child-lifecycle.ts';
import { createHopHandler } from './hop-handler.ts';
import { SERVICE_CONFIG_ENV, type ServiceConfig, type ToService } from './protocol.ts';
import { createSpanCollector } from './span-collector.ts';

/** Bounds every shutdown step: a child that cannot stop cleanly still exits. */
const STEP_TIMEOUT_MS = 3_000;

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as ServiceConfig;
const jwt = createJwtTelemetry(config.telemetry);
const collector = createSpanCollector();
const instrumentation = new HttpInstrumentation(jwt.httpInstrumentationConfig);
const sdk = new NodeSDK({
  serviceName: `otel-jwt-test-${config.name}`,
  resourceDetectors: [],
  textMapPropagator: jwt.propagator,
  // After the otel-jwt processor, so the collector sees the spans as otel-jwt left them.
  spanProcessors: [jwt.spanProcessor, collector.processor],
  instrumentations: [instrumentation],
});
sdk.start();
await jwt.ready();

// Loaded through require after sdk.start(): instrumentation-http patches `http` from a require hook,
// which an ESM import of a built-in module would bypass.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const server = http.createServer(createHopHandler(http, config.name));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') {
    const runtime = { node: process.version, instrumentationHttp: instrumentation.instrumentationVersion };
    send({ type: 'ready', runtime, port: address.port });
  }
});

const stop = stopper(server, [() => sdk.shutdown(), () => jwt.shutdown()], STEP_TIMEOUT_MS);

process.on('message', (message: ToService) => {
  if (message.type === 'spans') void sendSpans(message.id);
  if (message.type === 'stop') void stop();
});
// The test process died or let go of the channel: nobody will ask this child to stop.
process.on('disconnect', () => void stop());

async function sendSpans(id: number): Promise<void> {
  await collector.waitIdle(STEP_TIMEOUT_MS);
  // The global provider is the SDK's behind a proxy; flushing it runs every processor's forceFlush.
  const provider = trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } };
  await bounded(provider.getDelegate?.().forceFlush?.(), STEP_TIMEOUT_MS);
  send({ type: 'spans', id, spans: collector.drain() });
}
