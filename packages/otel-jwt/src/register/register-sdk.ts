import { createRequire, syncBuiltinESMExports } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
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
import { diagnostics } from '../internal/diagnostics.js';
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
 * for, instrumentation-http and, when it is installed, instrumentation-undici (`fetch`), both with
 * otel-jwt's hooks. Everything else (resource, sampler, limits, metrics) NodeSDK takes from the standard
 * variables, as it does without otel-jwt.
 */
export function startSdk(jwt: JwtTelemetry, settings: OtelSettings): RegisteredSdk {
  const spanProcessors = exportingSpanProcessors(settings.traces);
  const logProcessors = exportingLogProcessors(settings.logs);
  const Undici = undiciInstrumentationClass();
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    // `none`: no tracer (or logger) provider at all; the propagator still verifies and guards baggage.
    spanProcessors: spanProcessors.length === 0 ? [] : [jwt.spanProcessor, ...spanProcessors],
    logRecordProcessors: logProcessors.length === 0 ? [] : [jwt.logRecordProcessor, ...logProcessors],
    instrumentations: [
      new HttpInstrumentation(jwt.httpInstrumentationConfig),
      ...(Undici === undefined ? [] : [new Undici(jwt.undiciInstrumentationConfig)]),
    ],
  });
  sdk.start();
  patchBuiltinImports();
  if (Undici === undefined) {
    // After start: NodeSDK sets the diag logger from OTEL_LOG_LEVEL.
    diagnostics.warn(
      'otel-jwt/register: @opentelemetry/instrumentation-undici cannot be loaded, so fetch is not instrumented: its requests carry no trace context, baggage or subject proof; install it to instrument fetch',
    );
  }
  return {
    sdk,
    forceFlush: async () => {
      await Promise.allSettled([...spanProcessors, ...logProcessors].map((p) => p.forceFlush()));
    },
  };
}

/**
 * instrumentation-undici is an optional peer dependency: an application without it still starts, with
 * `fetch` uninstrumented. Loaded by `require`, which (unlike a static import) can fail without failing
 * the entry.
 */
function undiciInstrumentationClass(): typeof UndiciInstrumentation | undefined {
  try {
    const loaded = createRequire(import.meta.url)('@opentelemetry/instrumentation-undici') as {
      UndiciInstrumentation?: unknown;
    };
    const Undici = loaded.UndiciInstrumentation;
    return typeof Undici === 'function' ? (Undici as typeof UndiciInstrumentation) : undefined;
  } catch {
    return undefined;
  }
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
