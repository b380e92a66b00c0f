import type { MeterProvider } from '@opentelemetry/api';
import { ConfigurationError } from '../errors.js';
import { knownOptions } from '../internal/config-checks.js';

/** Where {@link createJwtTelemetry} reports its metrics (the `metrics` option). */
export interface JwtMetricsConfig {
  /**
   * The meter provider to report to. Default: the global one (`metrics.getMeterProvider()`), looked up
   * again until the SDK registers it, so the telemetry may be created before `sdk.start()`.
   */
  readonly meterProvider?: MeterProvider;
}

/** The checked `metrics` option: undefined when metrics are off. */
export interface MetricsSettings {
  /** Undefined: the global meter provider. */
  readonly meterProvider: MeterProvider | undefined;
}

function isMeterProvider(value: unknown): value is MeterProvider {
  return (
    value !== null && typeof value === 'object' && typeof (value as MeterProvider).getMeter === 'function'
  );
}

/** Checks the `metrics` option at start-up; a mistake throws a {@link ConfigurationError}. */
export function resolveMetricsOption(value: unknown): MetricsSettings | undefined {
  if (value === 'off') return undefined;
  if (value === undefined) return { meterProvider: undefined };
  if (value === null || typeof value !== 'object') {
    throw new ConfigurationError("metrics must be an object of metrics options or 'off'");
  }
  knownOptions(value, ['meterProvider'], 'metrics');
  const { meterProvider } = value as JwtMetricsConfig;
  if (meterProvider !== undefined && !isMeterProvider(meterProvider)) {
    throw new ConfigurationError(
      'metrics.meterProvider must be a MeterProvider (an object with getMeter), or left out for the global one',
    );
  }
  return { meterProvider };
}
