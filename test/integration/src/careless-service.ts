// Child-process entry of a careless service: NodeSDK with instrumentation-http, otel-jwt and the real
// OTLP/HTTP exporters for traces and logs, configured as carelessly as a user might: credential headers
// listed in headersToSpanAttributes (at B even past the recommended configuration), and an application
// that spreads the token everywhere (careless-handler.ts). Stopping it flushes both exporters.
import { createRequire } from 'node:module';
import { logs } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry, jwtHttpInstrumentationConfig } from 'otel-jwt';
import { createCarelessHandler } from './careless-handler.ts';
import { send, stopper } from './child-lifecycle.ts';
import { SERVICE_CONFIG_ENV, type ServiceConfig, type ToService } from './protocol.ts';

const STEP_TIMEOUT_MS = 5_000;

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as ServiceConfig;
const otlp = config.otlp ?? { endpoint: 'http://127.0.0.1:9', encoding: 'json' };
const jwt = createJwtTelemetry(config.telemetry);

const credentialHeaders = { requestHeaders: ['authorization', 'cookie'], responseHeaders: ['set-cookie'] };
const careless = { client: credentialHeaders, server: credentialHeaders };
// A and C pass their options through otel-jwt, which drops the credential headers; B spreads the
// recommended configuration and then its own header capture over it, so at B only the span
// processor's redaction stands between the headers and the exporter.
const httpConfig =
  config.name === 'B'
    ? { ...jwt.httpInstrumentationConfig, headersToSpanAttributes: careless }
    : jwtHttpInstrumentationConfig({ headersToSpanAttributes: careless });
const json = otlp.encoding === 'json';
const traceExporter = json
  ? new JsonTraceExporter({ url: `${otlp.endpoint}/v1/traces` })
  : new ProtobufTraceExporter({ url: `${otlp.endpoint}/v1/traces` });
const logExporter = json
  ? new JsonLogExporter({ url: `${otlp.endpoint}/v1/logs` })
  : new ProtobufLogExporter({ url: `${otlp.endpoint}/v1/logs` });

const sdk = new NodeSDK({
  serviceName: `otel-jwt-careless-${config.name}`,
  resourceDetectors: [],
  textMapPropagator: jwt.propagator,
  spanProcessors: [jwt.spanProcessor, new BatchSpanProcessor({ exporter: traceExporter })],
  logRecordProcessors: [jwt.logRecordProcessor, new BatchLogRecordProcessor({ exporter: logExporter })],
  instrumentations: [new HttpInstrumentation(httpConfig)],
});
sdk.start();
await jwt.ready();

const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const server = http.createServer(
  createCarelessHandler(http, config.name, config.next, logs.getLogger('careless-app')),
);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') {
    send({ type: 'ready', runtime: { node: process.version, instrumentationHttp: '' }, port: address.port });
  }
});

// Shutting the SDK down flushes the batch processors: every span and log record is exported.
const stop = stopper(server, [() => sdk.shutdown(), () => jwt.shutdown()], STEP_TIMEOUT_MS);

process.on('message', (message: ToService) => {
  if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
