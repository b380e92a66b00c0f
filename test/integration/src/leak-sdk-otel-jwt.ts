// The otel-jwt careless service's SDK, set up as the README recommends for the last line: otel-jwt's
// propagator, processors first, every exporter wrapped (spans, logs, metrics), fetch and gRPC
// instrumented with otel-jwt's configurations. The application is careless all the same: it spreads
// its own header capture (credential headers included) over the recommended HTTP configuration.
import { context } from '@opentelemetry/api';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createJwtTelemetry, getAuth, jwtGrpcClientOptions, jwtGrpcInstrumentationConfig } from 'otel-jwt';
import type { LeakServiceConfig } from './leak-protocol.ts';
import {
  CARELESS_HEADER_CAPTURE,
  type LeakTelemetry,
  METRIC_INTERVAL_MS,
  otlpExporters,
} from './leak-sdk-parts.ts';

export async function startOtelJwtTelemetry(config: LeakServiceConfig): Promise<LeakTelemetry> {
  const jwt = createJwtTelemetry(config.telemetry);
  const exporters = otlpExporters(config.otlp);
  const sdk = new NodeSDK({
    serviceName: 'otel-jwt-leak-classes',
    textMapPropagator: jwt.propagator,
    spanProcessors: [
      jwt.spanProcessor,
      new BatchSpanProcessor({ exporter: jwt.redactingSpanExporter(exporters.traces) }),
    ],
    logRecordProcessors: [
      jwt.logRecordProcessor,
      new BatchLogRecordProcessor({ exporter: jwt.redactingLogExporter(exporters.logs) }),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: jwt.redactingMetricExporter(exporters.metrics),
        exportIntervalMillis: METRIC_INTERVAL_MS,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        ...jwt.httpInstrumentationConfig,
        headersToSpanAttributes: CARELESS_HEADER_CAPTURE,
      }),
      new UndiciInstrumentation(jwt.undiciInstrumentationConfig),
      new GrpcInstrumentation(jwtGrpcInstrumentationConfig()),
    ],
  });
  sdk.start();
  await jwt.ready();
  return {
    readAuth() {
      const result = getAuth(context.active())?.result;
      if (result === undefined) return null;
      return 'code' in result ? { status: result.status, code: result.code } : { status: result.status };
    },
    grpcClientOptions: jwtGrpcClientOptions(),
    shutdowns: [() => sdk.shutdown(), () => jwt.shutdown()],
  };
}
