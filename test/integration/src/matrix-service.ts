// Child-process entry of one matrix service: NodeSDK with otel-jwt, the instrumentations its transport
// needs and the sampler of its combination; two listeners of the same app (the second is an origin that
// the launcher names in forwardToken); spans kept in memory and handed to the test over IPC.
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry, jwtGrpcClientOptions, jwtGrpcInstrumentationConfig } from 'otel-jwt';
import { bounded, send } from './child-lifecycle.ts';
import { type ClosableClient, fetchClient, grpcClient, httpClient } from './matrix-clients.ts';
import { answerHop } from './matrix-hop.ts';
import {
  type Answer,
  type Listener,
  listenExpress,
  listenFastify,
  listenGrpc,
  listenHttp,
  type ServerModules,
} from './matrix-listeners.ts';
import type { MatrixServiceConfig } from './matrix-protocol.ts';
import { SERVICE_CONFIG_ENV, type ToService } from './protocol.ts';
import { createSpanCollector } from './span-collector.ts';

/** Bounds every shutdown step: a child that cannot stop cleanly still exits. */
const STEP_TIMEOUT_MS = 3_000;

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as MatrixServiceConfig;
const { transport } = config;
const jwt = createJwtTelemetry(config.telemetry);
const collector = createSpanCollector();
const httpInstrumentation = new HttpInstrumentation(jwt.httpInstrumentationConfig);
const sdk = new NodeSDK({
  serviceName: `otel-jwt-test-${config.name}`,
  resourceDetectors: [],
  textMapPropagator: jwt.propagator,
  ...(config.sampler === 'always_off' ? { sampler: new AlwaysOffSampler() } : {}),
  spanProcessors: [jwt.spanProcessor, collector.processor],
  instrumentations: [
    httpInstrumentation,
    ...(transport === 'fetch' ? [new UndiciInstrumentation(jwt.undiciInstrumentationConfig)] : []),
    ...(transport === 'grpc' ? [new GrpcInstrumentation(jwtGrpcInstrumentationConfig())] : []),
  ],
});
sdk.start();
await jwt.ready();

// Loaded through require after sdk.start(): the instrumentations patch these modules from require hooks,
// which an ESM import would bypass.
const require = createRequire(import.meta.url);
const modules: ServerModules = {
  http: require('node:http'),
  ...(transport === 'express' ? { express: require('express') } : {}),
  ...(transport === 'fastify' ? { fastify: require('fastify') } : {}),
  ...(transport === 'grpc' ? { grpc: require('@grpc/grpc-js') } : {}),
};
const client: ClosableClient =
  transport === 'fetch'
    ? fetchClient()
    : transport === 'grpc' && modules.grpc !== undefined
      ? grpcClient(modules.grpc, jwtGrpcClientOptions())
      : httpClient(modules.http);
const listen = {
  http: listenHttp,
  fetch: listenHttp,
  express: listenExpress,
  fastify: listenFastify,
  grpc: listenGrpc,
}[transport];
const answer: Answer = (inbound) => answerHop(config.name, client.call, inbound);
const listeners: Listener[] = [await listen(modules, answer), await listen(modules, answer)];
const runtime = { node: process.version, instrumentationHttp: httpInstrumentation.instrumentationVersion };
send({ type: 'ready', runtime, port: listeners[0]?.port ?? 0, secondPort: listeners[1]?.port ?? 0 });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  client.close();
  await bounded(Promise.all(listeners.map((listener) => listener.close())), STEP_TIMEOUT_MS);
  for (const shutdown of [() => sdk.shutdown(), () => jwt.shutdown()])
    await bounded(shutdown(), STEP_TIMEOUT_MS);
  process.exit(0);
}

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
