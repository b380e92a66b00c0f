// NodeSDK as configurations B, C and D set it up: instrumentation-http, a batch processor to a
// discarding exporter, W3C trace context + baggage (plus otel-jwt's propagator and processor for C).
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { JwtTelemetry } from 'otel-jwt';
import { DiscardingExporter } from './discarding-exporter.ts';

export function startSdk(jwt: JwtTelemetry | undefined): NodeSDK {
  // The stock propagators B and D get are the ones otel-jwt's composite puts before its own.
  const stock: TextMapPropagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const batch = new BatchSpanProcessor({ exporter: new DiscardingExporter() });
  const spanProcessors: SpanProcessor[] = jwt === undefined ? [batch] : [jwt.spanProcessor, batch];
  const sdk = new NodeSDK({
    serviceName: 'otel-jwt-bench',
    resourceDetectors: [],
    textMapPropagator: jwt?.propagator ?? stock,
    spanProcessors,
    instrumentations: [new HttpInstrumentation(jwt?.httpInstrumentationConfig ?? {})],
  });
  sdk.start();
  return sdk;
}
