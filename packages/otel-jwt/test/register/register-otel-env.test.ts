import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/register/register-env-values.js';
import { otelSettings } from '../../src/register/register-otel-env.js';
import { expectVariableError } from '../support/register-env-fixtures.js';

describe('otelSettings', () => {
  it('defaults to OTLP over http/protobuf for traces and logs, SDK enabled, no log level, batch defaults of the SDK', () => {
    const otlp = {
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      protocolVariable: 'OTEL_EXPORTER_OTLP_PROTOCOL',
      batch: {},
    };
    expect(otelSettings({})).toEqual({ disabled: false, logLevel: undefined, traces: otlp, logs: otlp });
  });

  it('takes the protocol of a signal from its own variable before the general one', () => {
    const settings = otelSettings({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    });
    expect(settings.traces).toMatchObject({
      protocol: 'grpc',
      protocolVariable: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    });
    expect(settings.logs).toMatchObject({
      protocol: 'http/json',
      protocolVariable: 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL',
    });
  });

  it('reads the exporter lists, none meaning no exporting processor', () => {
    const settings = otelSettings({ OTEL_TRACES_EXPORTER: 'otlp, console', OTEL_LOGS_EXPORTER: 'none' });
    expect(settings.traces.exporters).toEqual(['otlp', 'console']);
    expect(settings.logs.exporters).toEqual([]);
  });

  it('reads the batch processor variables of each signal, as NodeSDK does for its own processors', () => {
    const settings = otelSettings({
      OTEL_BSP_SCHEDULE_DELAY: '1000',
      OTEL_BSP_EXPORT_TIMEOUT: '5000',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
    });
    expect(settings.traces.batch).toEqual({
      scheduledDelayMillis: 1000,
      exportTimeoutMillis: 5000,
      maxQueueSize: 4096,
      maxExportBatchSize: 256,
    });
    expect(settings.logs.batch).toEqual({ scheduledDelayMillis: 200 });
  });

  it('reads OTEL_SDK_DISABLED and OTEL_LOG_LEVEL in any case', () => {
    expect(otelSettings({ OTEL_SDK_DISABLED: 'TRUE', OTEL_LOG_LEVEL: 'Debug' })).toMatchObject({
      disabled: true,
      logLevel: 'debug',
    });
    expect(otelSettings({ OTEL_SDK_DISABLED: 'false' }).disabled).toBe(false);
  });

  it('accepts OTEL_PROPAGATORS naming the W3C pair the register entry uses anyway', () => {
    expect(() => otelSettings({ OTEL_PROPAGATORS: 'baggage, tracecontext' })).not.toThrow();
  });

  const mistakes: [string, Env, string, RegExp][] = [
    [
      'a protocol the exporters lack',
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' },
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      /http\/protobuf, http\/json, grpc/,
    ],
    [
      'a bad protocol of one signal',
      { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' },
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      /must be one of/,
    ],
    [
      'an exporter it cannot build',
      { OTEL_TRACES_EXPORTER: 'zipkin' },
      'OTEL_TRACES_EXPORTER',
      /otlp, console, both/,
    ],
    ['none beside an exporter', { OTEL_LOGS_EXPORTER: 'none,otlp' }, 'OTEL_LOGS_EXPORTER', /or none/],
    [
      'a disabled flag that is not true or false',
      { OTEL_SDK_DISABLED: '1' },
      'OTEL_SDK_DISABLED',
      /true, false/,
    ],
    [
      'an unknown log level',
      { OTEL_LOG_LEVEL: 'trace' },
      'OTEL_LOG_LEVEL',
      /none, error, warn, info, debug, verbose, all/,
    ],
    [
      'a fractional batch size',
      { OTEL_BSP_MAX_QUEUE_SIZE: '10.5' },
      'OTEL_BSP_MAX_QUEUE_SIZE',
      /whole number/,
    ],
    [
      'a batch delay with a unit',
      { OTEL_BLRP_SCHEDULE_DELAY: '5s' },
      'OTEL_BLRP_SCHEDULE_DELAY',
      /decimal number/,
    ],
    [
      'other propagators',
      { OTEL_PROPAGATORS: 'tracecontext,baggage,b3' },
      'OTEL_PROPAGATORS',
      /can only be tracecontext,baggage/,
    ],
  ];
  for (const [what, env, variable, fix] of mistakes) {
    it(`names ${variable} for ${what}`, () => {
      expectVariableError(() => otelSettings(env), variable, fix);
    });
  }
});
