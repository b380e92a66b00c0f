import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { ConfigurationError } from '../errors.js';
import { countBackgroundWork } from '../internal/background-counts.js';
import { knownOptions } from '../internal/config-checks.js';
import { JwtPropagator } from '../propagator/jwt-propagator.js';
import type { JwtTelemetryConfig } from '../propagator/telemetry-config.js';
import { TELEMETRY_OPTIONS } from '../propagator/telemetry-settings.js';
import type { JwtVerifier } from '../verifier/jwt-verifier.js';
import { admitListeningServers, forgetClosedSteps } from './admission-listen-hook.js';
import { admissionSettings } from './admission-settings.js';
import { AdmissionStep, type JwtAdmission } from './admission-step.js';
import {
  type JwtHttpInstrumentationConfig,
  jwtHttpInstrumentationConfig,
} from './http-instrumentation-config.js';
import { JwtLogRecordProcessor } from './jwt-log-record-processor.js';
import { jwtMetrics } from './jwt-metrics.js';
import { JwtSpanProcessor, onProcessorShutdown } from './jwt-span-processor.js';
import {
  type LogRecordExporterLike,
  type RedactableLogRecord,
  RedactingLogRecordExporter,
} from './redacting-log-exporter.js';
import { type MetricExporterLike, RedactingMetricExporter } from './redacting-metric-exporter.js';
import { RedactingSpanExporter, type SpanExporterLike } from './redacting-span-exporter.js';
import type { RedactableSpan } from './span-redaction.js';
import {
  type JwtUndiciInstrumentationConfig,
  jwtUndiciInstrumentationConfig,
} from './undici-instrumentation-config.js';

/** Everything a service registers in `NodeSDK`; see {@link createJwtTelemetry}. */
export interface JwtTelemetry {
  /** W3C trace context, W3C baggage, then the JWT propagator: pass as `textMapPropagator`. */
  readonly propagator: TextMapPropagator;
  /** The JWT propagator alone, for composing with other propagators (keep it after the baggage propagator). */
  readonly jwtPropagator: JwtPropagator;
  /** Pass first in `spanProcessors`, before the exporting processor: it also redacts ending spans. */
  readonly spanProcessor: JwtSpanProcessor;
  /** Pass first in `logRecordProcessors`, before the exporting processor: it redacts emitted records. */
  readonly logRecordProcessor: JwtLogRecordProcessor;
  /**
   * Wraps a span exporter so that it only receives redacted spans: needed with SDKs whose processors
   * have no `onEnding`, and harmless as a second line with those that do.
   */
  redactingSpanExporter<S extends RedactableSpan>(exporter: SpanExporterLike<S>): RedactingSpanExporter<S>;
  /**
   * Wraps a log record exporter so that it only receives redacted records: it catches values the
   * application changed after `emit` (the logs SDK keeps bodies and byte arrays by reference) and token
   * material in the resource and instrumentation scope. Pass the result to the exporting log processor.
   */
  redactingLogExporter<R extends RedactableLogRecord>(
    exporter: LogRecordExporterLike<R>,
  ): RedactingLogRecordExporter<R>;
  /**
   * Wraps a push metric exporter (for `PeriodicExportingMetricReader`) so that data point attributes,
   * metric names and descriptions, the resource and the scope carry no token material: OpenTelemetry JS
   * has no metric processor, so this is where metrics are redacted.
   */
  redactingMetricExporter<E extends MetricExporterLike>(exporter: E): RedactingMetricExporter<E>;
  /** Pass to `new HttpInstrumentation(...)`; merge your own options with {@link jwtHttpInstrumentationConfig}. */
  readonly httpInstrumentationConfig: JwtHttpInstrumentationConfig;
  /**
   * Pass to `new UndiciInstrumentation(...)` to instrument `fetch`; merge your own options with
   * {@link jwtUndiciInstrumentationConfig}.
   */
  readonly undiciInstrumentationConfig: JwtUndiciInstrumentationConfig;
  readonly verifier: JwtVerifier;
  /**
   * The admission step (on unless `admission: 'off'`): already in front of every node:http and node:https
   * server that starts listening after this call; `admission.attach(server)` for a server listening before.
   */
  readonly admission: JwtAdmission;
  /** Resolves once remote keys (and the deny-list document, if any) had their first fetch attempt; never rejects. */
  ready(): Promise<void>;
  /**
   * Refuses tokens whose `jti` is `jti` as `revoked` at this service until `until` (a `Date` or a
   * NumericDate in seconds), cached verdicts included: `verifier.revoke`. Throws a `DenyListError` for a bad
   * argument or a full deny-list; a verifier passed in without `revoke` gets a `ConfigurationError`.
   */
  revoke(jti: string, until: Date | number): void;
  /**
   * Stops background key refreshes of a verifier created from the configuration. Idempotent;
   * `NodeSDK.shutdown()` does the same through the span processor.
   */
  shutdown(): Promise<void>;
}

/**
 * Creates the propagator, processors and HTTP and fetch instrumentation configurations for one service.
 * Configuration mistakes throw a `ConfigurationError` here, at start-up.
 */
export function createJwtTelemetry(config: JwtTelemetryConfig): JwtTelemetry {
  knownOptions(config, TELEMETRY_OPTIONS, 'the telemetry configuration');
  // The processor holds no resources, so it is checked first: a mistake there leaves nothing running.
  const redaction = config.redaction === undefined ? {} : { redaction: config.redaction };
  const spanProcessor = new JwtSpanProcessor({
    ...redaction,
    ...(config.childSpanAttributes === undefined ? {} : { childSpanAttributes: config.childSpanAttributes }),
  });
  const logRecordProcessor = new JwtLogRecordProcessor(redaction);
  const httpInstrumentationConfig = jwtHttpInstrumentationConfig(undefined, redaction);
  const undiciInstrumentationConfig = jwtUndiciInstrumentationConfig(undefined, redaction);
  // Checked before anything starts; started last. Refreshes of the key sources built now are counted.
  const metrics = jwtMetrics(config.metrics);
  const admissionOptions = admissionSettings(config.admission);
  const jwtPropagator = countBackgroundWork(metrics?.background, () => new JwtPropagator(config));
  const admission = new AdmissionStep(jwtPropagator, admissionOptions, metrics?.recordAdmissionWait);
  if (admission.enabled) admitListeningServers(admission);
  metrics?.start(jwtPropagator, [spanProcessor, logRecordProcessor]);
  const counted = <T extends object>(wrapper: T): T => metrics?.counting(wrapper) ?? wrapper;
  const stop = () => {
    admission.close();
    forgetClosedSteps();
    jwtPropagator.close();
    metrics?.stop();
  };
  onProcessorShutdown(spanProcessor, stop);
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator(), jwtPropagator],
  });
  return {
    propagator,
    jwtPropagator,
    spanProcessor,
    logRecordProcessor,
    redactingSpanExporter: (exporter) => counted(new RedactingSpanExporter(exporter, redaction)),
    redactingLogExporter: (exporter) => counted(new RedactingLogRecordExporter(exporter, redaction)),
    redactingMetricExporter: (exporter) => counted(new RedactingMetricExporter(exporter, redaction)),
    httpInstrumentationConfig,
    undiciInstrumentationConfig,
    verifier: jwtPropagator.verifier,
    admission,
    ready: () => jwtPropagator.verifier.ready(),
    revoke: (jti, until) => {
      const { verifier } = jwtPropagator;
      if (typeof verifier.revoke !== 'function') {
        throw new ConfigurationError(
          'revoke needs a verifier with revoke(); the verifier passed in has none',
        );
      }
      verifier.revoke(jti, until);
    },
    shutdown: () => {
      stop();
      return Promise.resolve();
    },
  };
}
