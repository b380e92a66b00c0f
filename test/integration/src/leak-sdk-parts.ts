// What both careless services of the leak-classes test build the same way, with or without otel-jwt: the
// real OTLP/HTTP exporters of the three signals in one encoding, the careless header capture, and the
// metric reader, which exports only when the SDK shuts down.
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { OtlpEncoding } from './protocol.ts';

/**
 * Headers the application lists for capture, as carelessly as a user might: the inbound credentials, and
 * on outgoing calls a header into which it copies whatever credential it holds (class 1).
 */
export const CARELESS_HEADER_CAPTURE = {
  server: { requestHeaders: ['authorization', 'x-refresh-token'], responseHeaders: [] },
  client: { requestHeaders: ['x-echo'], responseHeaders: [] },
};

/**
 * Long enough that nothing exports before the SDK shuts down: the reader's shutdown then collects and
 * exports once, with every data point, before the service exits.
 */
export const METRIC_INTERVAL_MS = 600_000;

export function otlpExporters(otlp: { readonly endpoint: string; readonly encoding: OtlpEncoding }) {
  const url = (signal: string) => ({ url: `${otlp.endpoint}/v1/${signal}` });
  return otlp.encoding === 'json'
    ? {
        traces: new JsonTraceExporter(url('traces')),
        logs: new JsonLogExporter(url('logs')),
        metrics: new JsonMetricExporter(url('metrics')),
      }
    : {
        traces: new ProtobufTraceExporter(url('traces')),
        logs: new ProtobufLogExporter(url('logs')),
        metrics: new ProtobufMetricExporter(url('metrics')),
      };
}

/** What a service's SDK setup hands to its application and to its stop. */
export interface LeakTelemetry {
  /** The request's auth as `getAuth` reports it; null without otel-jwt. */
  readAuth(): { readonly status: string; readonly code?: string } | null;
  /** Options for every grpc-js client. */
  readonly grpcClientOptions: object;
  /** Run in order at stop: shutting the SDK down flushes every processor and the metric reader. */
  readonly shutdowns: readonly (() => Promise<unknown>)[];
}
