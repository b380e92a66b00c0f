// The driver's own OpenTelemetry setup. The driver starts the trace of every request it sends, so each
// trace's root span names its scenario (Jaeger lists the trace as `demo-driver: <scenario id>`). It exports
// to the demo's collector as the services do, so the terminal, the Jaeger file and a forwarded OTLP
// endpoint all hold the same spans.
import { defaultTextMapSetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler, BatchSpanProcessor } from '@opentelemetry/sdk-trace';

export const DRIVER_SERVICE = 'demo-driver';
/** On the root span of each trace: the id of the scenario that sent the request (`alice-checkout`). */
export const ATTR_DEMO_SCENARIO = 'demo.scenario';
/** On the root span of each trace: which of the scenario's requests it is, from 1 (retries and replays count). */
export const ATTR_DEMO_ATTEMPT = 'demo.attempt';
/** The service the driver sent the request to: the gateway, or an internal one called directly. */
export const ATTR_DEMO_TARGET = 'demo.target';

export interface DriverTracing {
  /**
   * Runs `send` under the root span of a new trace, named after the scenario's id (short, so that Jaeger's
   * trace table, which cuts long names, still tells the scenarios apart); `send` gets the `traceparent`
   * header that makes the gateway's server span a child of it. The span ends when `send` settles.
   */
  inNewTrace<T>(
    scenario: string,
    attempt: number,
    target: string,
    send: (headers: Record<string, string>) => Promise<T>,
  ): Promise<T>;
  /** Exports the spans still batched. */
  shutdown(): Promise<void>;
}

export function startDriverTracing(collectorEndpoint: string): DriverTracing {
  const sdk = new NodeSDK({
    serviceName: DRIVER_SERVICE,
    autoDetectResources: false, // service.name and telemetry.sdk.* only, as the services
    // Every request is traced, whatever OTEL_TRACES_SAMPLER (meant for the forwarding target) says.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${collectorEndpoint}/v1/traces` }),
      }),
    ],
    logRecordProcessors: [],
    metricReaders: [],
    // Trace context only, injected below: a scenario's own `baggage` header must reach the gateway as sent.
    textMapPropagator: null,
  });
  sdk.start();
  const tracer = trace.getTracer(DRIVER_SERVICE);
  const propagator = new W3CTraceContextPropagator();
  return {
    async inNewTrace(scenario, attempt, target, send) {
      const span = tracer.startSpan(scenario, {
        root: true,
        attributes: {
          [ATTR_DEMO_SCENARIO]: scenario,
          [ATTR_DEMO_ATTEMPT]: attempt,
          [ATTR_DEMO_TARGET]: target,
        },
      });
      const headers: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
      try {
        return await send(headers);
      } finally {
        span.end();
      }
    },
    shutdown: () => sdk.shutdown(),
  };
}
