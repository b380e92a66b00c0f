// The control's SDK: the same exporters, instrumentations and header capture, with the stock
// propagators and processors and no otel-jwt, so the leak scanner can show that each class's plant
// does reach the exported bytes and the outgoing requests when nothing stops it.
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type { LeakServiceConfig } from './leak-protocol.ts';
import {
  CARELESS_HEADER_CAPTURE,
  type LeakTelemetry,
  METRIC_INTERVAL_MS,
  otlpExporters,
} from './leak-sdk-parts.ts';

export async function startStockTelemetry(config: LeakServiceConfig): Promise<LeakTelemetry> {
  const exporters = otlpExporters(config.otlp);
  const sdk = new NodeSDK({
    serviceName: 'otel-jwt-leak-classes-control',
    // No textMapPropagator: the SDK's default, W3C trace context and W3C baggage.
    spanProcessors: [new BatchSpanProcessor({ exporter: exporters.traces })],
    logRecordProcessors: [new BatchLogRecordProcessor({ exporter: exporters.logs })],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: exporters.metrics,
        exportIntervalMillis: METRIC_INTERVAL_MS,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({ headersToSpanAttributes: CARELESS_HEADER_CAPTURE }),
      new UndiciInstrumentation(),
      new GrpcInstrumentation(),
    ],
  });
  sdk.start();
  return { readAuth: () => null, grpcClientOptions: {}, shutdowns: [() => sdk.shutdown()] };
}
