import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { LeakSink } from '../../src/leak-scanner/leak-collector.js';
import { formatPath, type LeakPath } from '../../src/leak-scanner/leak-path.js';
import { walkOtlpProtobuf } from '../../src/leak-scanner/otlp-protobuf-walk.js';
import { lookAlikeToken, recordTelemetry } from '../support/leak-telemetry.js';

/** Every path the walk decodes a string or bytes at, and anything undecodable. */
function decodedPaths(bytes: Uint8Array | undefined, signal: 'traces' | 'logs'): string[] {
  if (bytes === undefined) throw new Error('no payload');
  const paths: string[] = [];
  const record = (path: LeakPath | undefined) => paths.push(formatPath(path, () => true));
  const sink: LeakSink & { raw(payload: string): void } = {
    text: record,
    bytes: record,
    undecodable: (path, reason) => paths.push(`${formatPath(path, () => true)} ${reason}`),
    raw: () => undefined,
  };
  walkOtlpProtobuf(bytes, signal, sink);
  return paths;
}

describe('SCHEMA of the OTLP protobuf messages', () => {
  it('knows every field the real serializers write that can hold text', async () => {
    const { spans, logs } = await recordTelemetry(lookAlikeToken());
    const paths = [
      ...decodedPaths(ProtobufTraceSerializer.serializeRequest(spans), 'traces'),
      ...decodedPaths(ProtobufLogsSerializer.serializeRequest(logs), 'logs'),
    ];
    expect(paths.filter((path) => path.includes('#') || path.includes(' '))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'resourceSpans[0].resource.attributes["deployment.secret"]',
        'resourceSpans[0].scopeSpans[0].scope.name',
        'resourceSpans[0].scopeSpans[0].scope.version',
        'resourceSpans[0].scopeSpans[0].spans[0].traceId',
        'resourceSpans[0].scopeSpans[0].spans[0].name',
        'resourceSpans[0].scopeSpans[0].spans[0].events[0].name',
        'resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId',
        'resourceSpans[0].scopeSpans[0].spans[0].status.message',
        'resourceLogs[0].scopeLogs[0].logRecords[0].severityText',
        'resourceLogs[0].scopeLogs[0].logRecords[0].eventName',
        'resourceLogs[0].scopeLogs[0].logRecords[0].body["raw"]',
        'resourceLogs[0].scopeLogs[0].logRecords[1].body',
      ]),
    );
  });
});
