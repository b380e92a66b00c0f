import { DiagLogLevel, diag } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ATTR_JWT_REDACTION_COUNT,
  JwtLogRecordProcessor,
  REDACTED,
  RedactingLogRecordExporter,
} from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { findTokenLeaks } from '../../src/testing.js';
import { resourceWith, type SdkResource } from '../support/resource-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

type Logger = ReturnType<LoggerProvider['getLogger']>;

/**
 * Records through a real logs SDK: the JwtLogRecordProcessor, then a batch processor (which exports at
 * flush, as in production) whose exporter is the in-memory one, wrapped in ours unless `wrapped` is false.
 * `afterEmit` runs between emit and export.
 */
async function exported(
  emit: (logger: Logger) => void,
  options: { wrapped?: boolean; afterEmit?: () => void; resource?: SdkResource } = {},
): Promise<ReadableLogRecord[]> {
  const inner = new InMemoryLogRecordExporter();
  const exporter = options.wrapped === false ? inner : new RedactingLogRecordExporter(inner);
  const provider = new LoggerProvider({
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    processors: [new JwtLogRecordProcessor(), new BatchLogRecordProcessor({ exporter })],
  });
  emit(provider.getLogger('redaction-test'));
  options.afterEmit?.();
  await provider.forceFlush();
  return inner.getFinishedLogRecords();
}

const json = (records: ReadableLogRecord[]) => JsonLogsSerializer.serializeRequest(records) as Uint8Array;
const protobuf = (records: ReadableLogRecord[]) =>
  ProtobufLogsSerializer.serializeRequest(records) as Uint8Array;

/** A body object and a byte-array body the application fills with the token after emitting them. */
function lateMutation(token: string) {
  const body = { request: { note: 'pending' } };
  const bytes = new Uint8Array(token.length);
  return {
    emit: (logger: Logger) => {
      logger.emit({ body });
      logger.emit({ body: bytes, attributes: { 'app.kind': 'bytes' } });
    },
    afterEmit: () => {
      body.request.note = `got ${token}`;
      bytes.set(new TextEncoder().encode(token));
    },
  };
}

describe('values changed after they were emitted', () => {
  test('without the wrapper, a body object changed and a buffer filled after emit reach the exporter', async () => {
    const token = mint();
    const late = lateMutation(token);
    const records = await exported(late.emit, { afterEmit: late.afterEmit, wrapped: false });
    const paths = findTokenLeaks({ otlpJson: json(records) }, [token]).map((leak) => leak.path);
    expect(paths).toContainEqual(expect.stringMatching(/logRecords\[0\]\.body/));
    expect(paths).toContainEqual(expect.stringMatching(/logRecords\[1\]\.body/));
  });

  test('the wrapper reads the body again at export, so neither change reaches the exporter', async () => {
    const token = mint();
    const late = lateMutation(token);
    const records = await exported(late.emit, { afterEmit: late.afterEmit });
    expect(records).toHaveLength(2);
    expect(findTokenLeaks({ otlpJson: json(records) }, [token])).toEqual([]);
    expect(findTokenLeaks({ otlpProtobuf: protobuf(records), signal: 'logs' }, [token])).toEqual([]);
    expect(records[0]?.body).toEqual({ request: { note: `got ${REDACTED}` } });
    expect(records[0]?.attributes[ATTR_JWT_REDACTION_COUNT]).toBe(1);
  });
});

describe('the log exporter wrapper', () => {
  test('without the log processor, the wrapper alone keeps token material out of body, attributes, severity text and event name', async () => {
    const token = mint();
    const inner = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter: new RedactingLogRecordExporter(inner) })],
    });
    provider.getLogger('no-processor').emit({
      body: { headers: { authorization: `Bearer ${token}` }, tokens: [token] },
      attributes: { 'app.token': token, 'app.note': `saw ${token}` },
      severityText: `WARN ${token}`,
      eventName: `event.${token}`,
    });
    await provider.forceFlush();
    const records = inner.getFinishedLogRecords();
    expect(findTokenLeaks({ otlpJson: json(records) }, [token])).toEqual([]);
    expect(records[0]?.attributes[ATTR_JWT_REDACTION_COUNT]).toBe(6);
  });

  test('the count adds what was replaced at export to what the processor replaced at emit', async () => {
    const token = mint();
    const body = { after: 'pending' };
    const [record] = await exported(
      (logger) => logger.emit({ body, attributes: { 'app.note': `got ${token}` } }),
      {
        afterEmit: () => {
          body.after = token;
        },
      },
    );
    expect(record?.body).toEqual({ after: REDACTED });
    expect(record?.attributes).toEqual({ 'app.note': `got ${REDACTED}`, [ATTR_JWT_REDACTION_COUNT]: 2 });
  });

  test('views keep the rest of the record, the records are unchanged, and clean records pass as they are', async () => {
    const token = mint();
    const inner = new InMemoryLogRecordExporter();
    const original = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [
        new SimpleLogRecordProcessor({ exporter: original }),
        new SimpleLogRecordProcessor({ exporter: new RedactingLogRecordExporter(inner) }),
      ],
    });
    const logger = provider.getLogger('views');
    logger.emit({ body: `got ${token}`, severityNumber: 13, attributes: { 'app.order': 7 } });
    logger.emit({ body: 'order 7 shipped' });
    await provider.forceFlush();
    const [view, clean] = inner.getFinishedLogRecords();
    const [record, cleanRecord] = original.getFinishedLogRecords();
    expect(view?.body).toBe(`got ${REDACTED}`);
    expect(view?.attributes).toEqual({ 'app.order': 7, [ATTR_JWT_REDACTION_COUNT]: 1 });
    expect(view?.hrTime).toEqual(record?.hrTime);
    expect(view?.severityNumber).toBe(13);
    expect(view?.droppedAttributesCount).toBe(0);
    expect(view?.resource).toBe(record?.resource);
    expect(record?.body).toBe(`got ${token}`);
    expect(clean).toBe(cleanRecord);
  });

  test('token material in the resource and the scope attributes is replaced, one view per resource', async () => {
    const token = mint();
    const secret = 'opaque-start-up-secret-value';
    const resource = resourceWith({ 'api.token': secret, 'app.boot': `with ${token}` });
    const inner = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter: new RedactingLogRecordExporter(inner) })],
    });
    const logger = provider.getLogger('scoped', '1.0.0', { attributes: { 'app.client_secret': secret } });
    logger.emit({ body: 'one' });
    logger.emit({ body: 'two' });
    await provider.forceFlush();
    const records = inner.getFinishedLogRecords();
    expect(findTokenLeaks({ otlpProtobuf: protobuf(records), signal: 'logs' }, [token, secret])).toEqual([]);
    expect(records[0]?.resource).toBe(records[1]?.resource);
    expect(records[0]?.resource.attributes['service.name']).toBe(resource.attributes['service.name']);
    expect(records[0]?.instrumentationScope.attributes).toEqual({ 'app.client_secret': REDACTED });
  });

  test('a log batch that cannot be redacted is not exported and reports a failure', async () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const inner = new InMemoryLogRecordExporter();
    const hostile = {
      get attributes(): never {
        throw new Error('hostile record');
      },
    } as unknown as ReadableLogRecord;
    const code = await new Promise<number>((resolve) =>
      new RedactingLogRecordExporter(inner).export([hostile], (result) => resolve(result.code)),
    );
    expect(code).toBe(1);
    expect(inner.getFinishedLogRecords()).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('the wrapped exporter is not reachable as `exporter`, so a processor given the wrapper as its options cannot export around it', () => {
    const wrapper = new RedactingLogRecordExporter(new InMemoryLogRecordExporter());
    expect((wrapper as unknown as { exporter?: unknown }).exporter).toBeUndefined();
  });

  test('shutdown and forceFlush reach the wrapped log exporter', async () => {
    const inner = new InMemoryLogRecordExporter();
    const flush = vi.spyOn(inner, 'forceFlush');
    const shutdown = vi.spyOn(inner, 'shutdown');
    const wrapper = new RedactingLogRecordExporter(inner);
    await wrapper.forceFlush();
    expect(flush).toHaveBeenCalledTimes(1);
    await wrapper.shutdown();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  test('the log wrapper rejects an unknown option and a mistake in its redaction options at construction', () => {
    const inner = new InMemoryLogRecordExporter();
    expect(() => new RedactingLogRecordExporter(inner, { redact: {} } as never)).toThrow(
      /unknown option "redact"/,
    );
    expect(() => new RedactingLogRecordExporter(inner, { redaction: { valuePatterns: [/a?/] } })).toThrow(
      /redaction.valuePatterns\[0\] matches the empty string/,
    );
  });
});
