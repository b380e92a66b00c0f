import { metrics } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { resolveMetricsOption } from '../../src/propagator/metrics-option.js';

describe('resolveMetricsOption', () => {
  test('defaults to metrics on, reported to the global meter provider', () => {
    expect(resolveMetricsOption(undefined)).toEqual({ meterProvider: undefined });
    expect(resolveMetricsOption({})).toEqual({ meterProvider: undefined });
  });

  test("turns metrics off with 'off'", () => {
    expect(resolveMetricsOption('off')).toBeUndefined();
  });

  test('keeps a given meter provider', () => {
    const meterProvider = metrics.getMeterProvider();
    expect(resolveMetricsOption({ meterProvider })?.meterProvider).toBe(meterProvider);
  });

  test.each([
    ['a string other than off', 'on', "metrics must be an object of metrics options or 'off'"],
    ['null', null, "metrics must be an object of metrics options or 'off'"],
    ['true', true, "metrics must be an object of metrics options or 'off'"],
    ['a misspelled option', { provider: {} }, 'metrics has an unknown option "provider"'],
    [
      'a meter provider without getMeter',
      { meterProvider: {} },
      'metrics.meterProvider must be a MeterProvider',
    ],
  ])('refuses %s with a message saying what to fix', (_what, value, message) => {
    expect(() => resolveMetricsOption(value)).toThrow(ConfigurationError);
    expect(() => resolveMetricsOption(value)).toThrow(message);
  });
});
