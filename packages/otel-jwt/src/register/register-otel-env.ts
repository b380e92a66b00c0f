import { type Env, envChoice, envList, envNumber, invalidVariable, option } from './register-env-values.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export type SignalExporter = 'otlp' | 'console';

/** Options of a batching processor, as `BatchSpanProcessor` and `BatchLogRecordProcessor` take them. */
export interface BatchOptions {
  readonly scheduledDelayMillis?: number;
  readonly exportTimeoutMillis?: number;
  readonly maxQueueSize?: number;
  readonly maxExportBatchSize?: number;
}

/** How one signal (traces or logs) is exported. */
export interface SignalSettings {
  /** Empty for `none`. */
  readonly exporters: readonly SignalExporter[];
  readonly protocol: OtlpProtocol;
  /** The variable the protocol came from (the signal's own, or the general one), for messages. */
  readonly protocolVariable: string;
  readonly batch: BatchOptions;
}

/** What otel-jwt/register reads itself of the standard variables; the SDK and exporters read the rest. */
export interface OtelSettings {
  /** `OTEL_SDK_DISABLED=true`: nothing is started. */
  readonly disabled: boolean;
  /** `OTEL_LOG_LEVEL` in lower case, when set. */
  readonly logLevel: string | undefined;
  readonly traces: SignalSettings;
  readonly logs: SignalSettings;
}

const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

/**
 * The standard `OTEL_*` variables that otel-jwt/register applies itself, because it builds the span
 * and log processors (NodeSDK reads them only when it builds its own). Stricter than the SDK, which
 * warns and falls back: a value it does not understand throws a `ConfigurationError` naming the variable.
 */
export function otelSettings(env: Env): OtelSettings {
  checkPropagators(env);
  return {
    disabled: envChoice(env, 'OTEL_SDK_DISABLED', ['true', 'false'] as const) === 'true',
    logLevel: envChoice(env, 'OTEL_LOG_LEVEL', LOG_LEVELS),
    traces: signal(env, 'TRACES', 'BSP'),
    logs: signal(env, 'LOGS', 'BLRP'),
  };
}

function signal(env: Env, name: 'TRACES' | 'LOGS', batch: 'BSP' | 'BLRP'): SignalSettings {
  const specific = `OTEL_EXPORTER_OTLP_${name}_PROTOCOL`;
  const protocolVariable = (env[specific] ?? '').trim() === '' ? 'OTEL_EXPORTER_OTLP_PROTOCOL' : specific;
  const whole = (variable: string) => {
    const value = envNumber(env, variable);
    if (value !== undefined && !Number.isInteger(value)) {
      throw invalidVariable(variable, 'must be a whole number');
    }
    return value;
  };
  return {
    exporters: exporters(env, `OTEL_${name}_EXPORTER`),
    protocol: envChoice(env, protocolVariable, PROTOCOLS) ?? 'http/protobuf',
    protocolVariable,
    batch: {
      ...option('scheduledDelayMillis', whole(`OTEL_${batch}_SCHEDULE_DELAY`)),
      ...option('exportTimeoutMillis', whole(`OTEL_${batch}_EXPORT_TIMEOUT`)),
      ...option('maxQueueSize', whole(`OTEL_${batch}_MAX_QUEUE_SIZE`)),
      ...option('maxExportBatchSize', whole(`OTEL_${batch}_MAX_EXPORT_BATCH_SIZE`)),
    },
  };
}

function exporters(env: Env, variable: string): SignalExporter[] {
  const list = (envList(env, variable) ?? ['otlp']).map((item) => item.toLowerCase());
  if (list.length === 1 && list[0] === 'none') return [];
  if (!list.every((item) => item === 'otlp' || item === 'console')) {
    throw invalidVariable(variable, 'must be otlp, console, both (otlp,console) or none');
  }
  return [...new Set(list as SignalExporter[])];
}

/**
 * The propagator is not configurable here: W3C trace context and baggage, then the JWT propagator,
 * in that order, or the trust boundary does not hold. A different request must not be ignored silently.
 */
function checkPropagators(env: Env): void {
  const list = envList(env, 'OTEL_PROPAGATORS');
  if (list === undefined) return;
  const names = new Set(list.map((item) => item.toLowerCase()));
  if (names.size !== 2 || !names.has('tracecontext') || !names.has('baggage')) {
    throw invalidVariable(
      'OTEL_PROPAGATORS',
      'can only be tracecontext,baggage: otel-jwt/register uses those and the JWT propagator; unset it, or set up NodeSDK in code for other propagators',
    );
  }
}
