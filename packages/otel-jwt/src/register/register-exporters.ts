import { createRequire } from 'node:module';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { ConfigurationError } from '../errors.js';
import type { OtlpProtocol } from './register-otel-env.js';

const TRACE_EXPORTERS: Record<OtlpProtocol, string> = {
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
};
const LOG_EXPORTERS: Record<OtlpProtocol, string> = {
  'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
  'http/json': '@opentelemetry/exporter-logs-otlp-http',
  grpc: '@opentelemetry/exporter-logs-otlp-grpc',
};

/** The OTLP span exporter of `protocol`; it reads the `OTEL_EXPORTER_OTLP_*` endpoint, headers and timeout itself. */
export function otlpTraceExporter(protocol: OtlpProtocol, variable: string): SpanExporter {
  const Exporter = exporterClass(TRACE_EXPORTERS[protocol], 'OTLPTraceExporter', protocol, variable);
  return new Exporter() as SpanExporter;
}

/** The OTLP log record exporter of `protocol`, configured by the standard variables as above. */
export function otlpLogExporter(protocol: OtlpProtocol, variable: string): LogRecordExporter {
  const Exporter = exporterClass(LOG_EXPORTERS[protocol], 'OTLPLogExporter', protocol, variable);
  return new Exporter() as LogRecordExporter;
}

/**
 * Loads an exporter from the dependencies of `@opentelemetry/sdk-node`, which depends on every OTLP
 * exporter to build them from `OTEL_*_EXPORTER` itself: so each protocol works without installing
 * more packages, and the exporter always belongs to the same SDK release as NodeSDK.
 */
function exporterClass(
  packageName: string,
  exportName: string,
  protocol: OtlpProtocol,
  variable: string,
): new () => unknown {
  const own = createRequire(import.meta.url);
  let loaded: Record<string, unknown> | undefined;
  // NodeSDK's copy first; then one the application installed itself.
  for (const load of [() => createRequire(own.resolve('@opentelemetry/sdk-node')), () => own]) {
    try {
      loaded = load()(packageName) as Record<string, unknown>;
      break;
    } catch {
      // Tried next in line; the error below names what is missing.
    }
  }
  if (loaded === undefined) {
    throw new ConfigurationError(
      `${variable} is ${protocol}, but ${packageName} cannot be loaded (@opentelemetry/sdk-node normally brings it); install it, or choose another protocol`,
    );
  }
  const Exporter = loaded[exportName];
  if (typeof Exporter !== 'function') {
    throw new ConfigurationError(`${variable} is ${protocol}, but ${packageName} has no ${exportName}`);
  }
  return Exporter as new () => unknown;
}
