import { createRequire, syncBuiltinESMExports } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  type LogRecordProcessor,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { JwtTelemetry } from '../sdk/jwt-telemetry.js';
import { otlpLogExporter, otlpTraceExporter } from './register-exporters.js';
import type { OtelSettings, SignalSettings } from './register-otel-env.js';

/** A started NodeSDK and a way to export what is buffered without stopping it. */
export interface RegisteredSdk {
  readonly sdk: NodeSDK;
  /** Exports the spans and log records buffered so far; the SDK keeps running. Never rejects. */
  forceFlush(): Promise<void>;
}

/**
 * Starts NodeSDK with otel-jwt: its propagator, its span and log record processors first (they add the
 * auth attributes and redact before anything exports), then the exporting processors `settings` ask
 * for, and instrumentation-http with otel-jwt's hooks. Everything else (resource, sampler, limits,
 * metrics) NodeSDK takes from the standard variables, as it does without otel-jwt.
 */
export function startSdk(jwt: JwtTelemetry, settings: OtelSettings): RegisteredSdk {
  const spanProcessors = exportingSpanProcessors(settings.traces);
  const logProcessors = exportingLogProcessors(settings.logs);
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    // `none`: no tracer (or logger) provider at all; the propagator still verifies and guards baggage.
    spanProcessors: spanProcessors.length === 0 ? [] : [jwt.spanProcessor, ...spanProcessors],
    logRecordProcessors: logProcessors.length === 0 ? [] : [jwt.logRecordProcessor, ...logProcessors],
    instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
  });
  sdk.start();
  patchBuiltinImports();
  return {
    sdk,
    forceFlush: async () => {
      await Promise.allSettled([...spanProcessors, ...logProcessors].map((p) => p.forceFlush()));
    },
  };
}

function exportingSpanProcessors(traces: SignalSettings): SpanProcessor[] {
  return traces.exporters.map((kind) =>
    kind === 'console'
      ? new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })
      : new BatchSpanProcessor({
          ...traces.batch,
          exporter: otlpTraceExporter(traces.protocol, traces.protocolVariable),
        }),
  );
}

function exportingLogProcessors(logs: SignalSettings): LogRecordProcessor[] {
  return logs.exporters.map((kind) =>
    kind === 'console'
      ? new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })
      : new BatchLogRecordProcessor({
          ...logs.batch,
          exporter: otlpLogExporter(logs.protocol, logs.protocolVariable),
        }),
  );
}

/**
 * instrumentation-http patches `http` and `https` from a require hook, which an ESM `import` of a
 * built-in module bypasses. Requiring them once lets the hook patch the module objects that ESM
 * importers share, and `syncBuiltinESMExports` refreshes their named exports (`import { request }`).
 */
function patchBuiltinImports(): void {
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  syncBuiltinESMExports();
}
