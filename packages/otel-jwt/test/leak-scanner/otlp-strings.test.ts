import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, test } from 'vitest';
import { readOtlpStrings } from '../../src/testing.js';

async function exported() {
  const spanExporter = new InMemorySpanExporter();
  const tracing = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const span = tracing.getTracer('strings').startSpan('GET /orders', {
    attributes: { 'jwt.result': 'valid', 'jwt.scopes': ['orders:read', 'orders:write'], 'app.count': 3 },
  });
  span.addEvent('jwt.subject_changed', { 'jwt.subject.verdict': 'changed' });
  span.end();
  await tracing.forceFlush();
  const logExporter = new InMemoryLogRecordExporter();
  const logging = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  logging.getLogger('strings').emit({ body: { message: 'hello' }, attributes: { 'user.hash': 'abc' } });
  await logging.forceFlush();
  return { spans: spanExporter.getFinishedSpans(), logs: logExporter.getFinishedLogRecords() };
}

const find = (strings: readonly { path: string; value: string }[], suffix: string) =>
  strings.filter((entry) => entry.path.endsWith(suffix)).map((entry) => entry.value);

describe('strings of an OTLP payload with their paths', () => {
  test('JSON and protobuf traces give the same attribute values at the same paths', async () => {
    const { spans } = await exported();
    const json = readOtlpStrings({ otlpJson: JsonTraceSerializer.serializeRequest(spans) as Uint8Array });
    const protobuf = readOtlpStrings({
      otlpProtobuf: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
      signal: 'traces',
    });
    for (const strings of [json, protobuf]) {
      expect(find(strings, 'spans[0].attributes["jwt.result"]')).toEqual(['valid']);
      expect(find(strings, 'spans[0].name')).toEqual(['GET /orders']);
      expect(find(strings, 'events[0].attributes["jwt.subject.verdict"]')).toEqual(['changed']);
      expect(
        strings.filter((entry) => entry.path.includes('attributes["jwt.scopes"]')).map((e) => e.value),
      ).toEqual(expect.arrayContaining(['orders:read', 'orders:write']));
    }
  });

  test('log bodies and attributes are read from both encodings', async () => {
    const { logs } = await exported();
    for (const strings of [
      readOtlpStrings({ otlpJson: JsonLogsSerializer.serializeRequest(logs) as Uint8Array }),
      readOtlpStrings({
        otlpProtobuf: ProtobufLogsSerializer.serializeRequest(logs) as Uint8Array,
        signal: 'logs',
      }),
    ]) {
      expect(find(strings, 'logRecords[0].attributes["user.hash"]')).toEqual(['abc']);
      expect(
        strings.some((entry) => entry.path.includes('logRecords[0].body') && entry.value === 'hello'),
      ).toBe(true);
    }
  });

  test('a payload that does not decode throws a TypeError', () => {
    expect(() => readOtlpStrings({ otlpJson: '{"resourceSpans": [' })).toThrow(TypeError);
    expect(() => readOtlpStrings({ otlpProtobuf: new Uint8Array([0x0a, 0xff]), signal: 'traces' })).toThrow(
      TypeError,
    );
  });

  test('a protobuf payload of a signal the decoder does not know throws a constant TypeError', () => {
    expect(() => readOtlpStrings({ otlpProtobuf: new Uint8Array(0), signal: 'profiles' as never })).toThrow(
      new TypeError('readOtlpStrings: signal must be "traces", "logs" or "metrics"'),
    );
  });
});

test('JSON member names are not listed as strings', async () => {
  const { spans } = await exported();
  const strings = readOtlpStrings({ otlpJson: JsonTraceSerializer.serializeRequest(spans) as Uint8Array });
  expect(strings.some((entry) => entry.value === 'resourceSpans' || entry.path.endsWith('$name'))).toBe(
    false,
  );
});
