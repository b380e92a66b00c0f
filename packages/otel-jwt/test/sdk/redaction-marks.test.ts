import { randomBytes } from 'node:crypto';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test } from 'vitest';
import {
  JwtLogRecordProcessor,
  JwtSpanProcessor,
  REDACTED,
  RedactingLogRecordExporter,
  RedactingSpanExporter,
} from '../../src/index.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { redactionIdentity } from '../../src/sdk/redaction-identity.js';
import { recordSettled, spanSettled } from '../../src/sdk/redaction-marks.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
});

const RULES = resolveRedaction(undefined, 'redaction');
const IDENTITY = redactionIdentity(undefined);
/** A credential with no JWT shape: found only once it is remembered. */
const opaque = () => `opq_${randomBytes(24).toString('base64url')}`;

type LateProcessor = { onEnding?(span: ReadableSpan): void; onEnd(): void };

/** Spans ended through a JwtSpanProcessor (and `after`, registered behind it), not yet exported. */
function endedSpans(body: (tracer: ReturnType<TracerProvider['getTracer']>) => void, after?: LateProcessor) {
  const capture = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [
      new JwtSpanProcessor(),
      ...(after === undefined
        ? []
        : [{ ...after, onStart() {}, forceFlush: async () => {}, shutdown: async () => {} }]),
      new SimpleSpanProcessor({ exporter: capture }),
    ],
  });
  body(provider.getTracer('marks'));
  return capture.getFinishedSpans();
}

async function throughSpanWrapper(spans: ReadableSpan[]) {
  const inner = new InMemorySpanExporter();
  const wrapper = new RedactingSpanExporter(inner);
  await new Promise((resolve) => wrapper.export(spans, resolve));
  return inner.getFinishedSpans();
}

describe('spans redacted in onEnding', () => {
  test('an untouched span needs no second read, so the wrapper passes it on as it is', async () => {
    const spans = endedSpans((tracer) =>
      tracer.startSpan('GET /orders', { attributes: { 'app.order': 'o-1' } }).end(),
    );
    expect(spanSettled(spans[0] as ReadableSpan, IDENTITY, RULES)).toBe(true);
    const [exported] = await throughSpanWrapper(spans);
    expect(exported).toBe(spans[0]);
  });

  test('a byte array filled after the span ended is read again and replaced', async () => {
    const token = mint();
    const bytes = new Uint8Array(token.length);
    const spans = endedSpans((tracer) => tracer.startSpan('late').setAttribute('app.bytes', bytes).end());
    bytes.set(new TextEncoder().encode(token));
    expect(spanSettled(spans[0] as ReadableSpan, IDENTITY, RULES)).toBe(false);
    const [exported] = await throughSpanWrapper(spans);
    expect(Buffer.from(exported?.attributes['app.bytes'] as Uint8Array).toString('latin1')).toBe(REDACTED);
  });

  test('a credential remembered after the span ended is found in a string judged clean before', async () => {
    const secret = opaque();
    const spans = endedSpans((tracer) =>
      tracer.startSpan('early').setAttribute('app.note', `key ${secret}`).end(),
    );
    expect(spans[0]?.attributes['app.note']).toBe(`key ${secret}`);
    seenTokens.remember(secret, 'vouched');
    expect(spanSettled(spans[0] as ReadableSpan, IDENTITY, RULES)).toBe(false);
    const [exported] = await throughSpanWrapper(spans);
    expect(exported?.attributes['app.note']).toBe(`key ${REDACTED}`);
  });

  test('a name or event a processor behind it adds while the span ends is read by the wrapper', async () => {
    const token = mint();
    const spans = endedSpans((tracer) => tracer.startSpan('ending').end(), {
      onEnding(span) {
        (span as unknown as { updateName(name: string): void }).updateName(`renamed ${token}`);
        (span as unknown as { addEvent(name: string, attributes: object): void }).addEvent('late', {
          note: token,
        });
      },
      onEnd() {},
    });
    expect(spanSettled(spans[0] as ReadableSpan, IDENTITY, RULES)).toBe(false);
    const [exported] = await throughSpanWrapper(spans);
    expect(exported?.name).toBe(`renamed ${REDACTED}`);
    expect(exported?.events[0]?.attributes?.note).toBe(REDACTED);
  });

  test('a wrapper with rules of its own reads the span in full', async () => {
    const spans = endedSpans((tracer) =>
      tracer.startSpan('own', { attributes: { 'app.note': 'sk_live_abcdef' } }).end(),
    );
    const inner = new InMemorySpanExporter();
    const wrapper = new RedactingSpanExporter(inner, { redaction: { valuePatterns: [/sk_live_[a-z]+/] } });
    await new Promise((resolve) => wrapper.export(spans, resolve));
    expect(inner.getFinishedSpans()[0]?.attributes['app.note']).toBe(REDACTED);
  });
});

type LateLogProcessor = { onEmit(record: { setAttribute(key: string, value: unknown): unknown }): void };

/** Records emitted through a JwtLogRecordProcessor (and `after`, behind it), not yet exported. */
function emitted(body: (logger: ReturnType<LoggerProvider['getLogger']>) => void, after?: LateLogProcessor) {
  const capture = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    processors: [
      new JwtLogRecordProcessor(),
      ...(after === undefined ? [] : [{ ...after, forceFlush: async () => {}, shutdown: async () => {} }]),
      new SimpleLogRecordProcessor({ exporter: capture }),
    ],
  });
  body(provider.getLogger('marks'));
  return capture.getFinishedLogRecords();
}

async function throughLogWrapper(records: ReadableLogRecord[]) {
  const inner = new InMemoryLogRecordExporter();
  const wrapper = new RedactingLogRecordExporter(inner);
  await new Promise((resolve) => wrapper.export(records, resolve));
  return inner.getFinishedLogRecords();
}

describe('log records redacted at emit', () => {
  test('an untouched record needs no second read, so the wrapper passes it on as it is', async () => {
    const records = emitted((logger) =>
      logger.emit({ body: 'order placed', attributes: { 'app.order': 'o-1' } }),
    );
    expect(recordSettled(records[0] as ReadableLogRecord, IDENTITY, RULES)).toBe(true);
    expect((await throughLogWrapper(records))[0]).toBe(records[0]);
  });

  test('an attribute a processor behind it sets at emit is read by the wrapper', async () => {
    const token = mint();
    const records = emitted((logger) => logger.emit({ body: 'order placed' }), {
      onEmit: (record) => record.setAttribute('app.late', `got ${token}`),
    });
    expect(recordSettled(records[0] as ReadableLogRecord, IDENTITY, RULES)).toBe(false);
    expect((await throughLogWrapper(records))[0]?.attributes['app.late']).toBe(`got ${REDACTED}`);
  });

  test('an attribute replaced in place after emit is read by the wrapper', async () => {
    const token = mint();
    const records = emitted((logger) =>
      logger.emit({ body: 'order placed', attributes: { 'app.note': 'fine' } }),
    );
    (records[0]?.attributes as Record<string, unknown>)['app.note'] = `got ${token}`;
    expect(recordSettled(records[0] as ReadableLogRecord, IDENTITY, RULES)).toBe(false);
    expect((await throughLogWrapper(records))[0]?.attributes['app.note']).toBe(`got ${REDACTED}`);
  });

  test('a body object changed after emit and a credential remembered after emit are both found', async () => {
    const token = mint();
    const secret = opaque();
    const body = { note: 'pending' };
    const records = emitted((logger) => {
      logger.emit({ body });
      logger.emit({ body: `key ${secret}` });
    });
    body.note = `got ${token}`;
    seenTokens.remember(secret, 'vouched');
    const [first, second] = await throughLogWrapper(records);
    expect(first?.body).toEqual({ note: `got ${REDACTED}` });
    expect(second?.body).toBe(`key ${REDACTED}`);
  });
});
