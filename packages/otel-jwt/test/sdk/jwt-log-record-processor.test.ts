import { DiagLogLevel, diag } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ATTR_JWT_REDACTION_COUNT, JwtLogRecordProcessor, REDACTED } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

type Processor = ConstructorParameters<typeof LoggerProvider>[0] extends infer C
  ? C extends { processors?: (infer P)[] }
    ? P
    : never
  : never;

/** A real logs SDK whose records land in an in-memory exporter, `first` registered before the exporting processor. */
async function emitted(first: Processor[], emit: (logger: ReturnType<LoggerProvider['getLogger']>) => void) {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [...first, new SimpleLogRecordProcessor({ exporter })] });
  emit(provider.getLogger('redaction-test'));
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

describe('log records through the logs SDK', () => {
  test('no token material is exported from body, attributes, severity text or event name', async () => {
    const token = mint({ sub: 'logged' });
    const records = await emitted([new JwtLogRecordProcessor() as Processor], (logger) => {
      logger.emit({ body: `user logged in with ${token}` });
      logger.emit({
        body: { request: { headers: { authorization: `Bearer ${token}` } }, tokens: [token] },
        attributes: { 'app.token': token, 'http.request.header.cookie': `sid=${token}` },
        severityText: `WARN ${token}`,
        eventName: `event.${token}`,
      });
      logger.emit({ body: new TextEncoder().encode(`bytes ${token}`) });
      logger.emit({ body: 'refused', exception: new Error(`bad token ${token}`) });
    });
    expect(records).toHaveLength(4);
    const texts = records.flatMap((record) => [
      ...stringsOf(
        record.body instanceof Uint8Array ? Buffer.from(record.body).toString('latin1') : record.body,
      ),
      ...stringsOf(record.attributes),
      record.severityText ?? '',
      record.eventName ?? '',
    ]);
    expect(tokenMaterialIn(token, texts)).toBeUndefined();
  });

  test('keeps the shape of the record with the token replaced and counts the replacements', async () => {
    const token = mint();
    const [record] = await emitted([new JwtLogRecordProcessor() as Processor], (logger) =>
      logger.emit({ body: { message: `token ${token}`, count: 2 }, attributes: { 'app.user': 'alice' } }),
    );
    expect(record?.body).toEqual({ message: `token ${REDACTED}`, count: 2 });
    expect(record?.attributes).toEqual({ 'app.user': 'alice', [ATTR_JWT_REDACTION_COUNT]: 1 });
  });

  test('a clean record is exported exactly as emitted', async () => {
    const [record] = await emitted([new JwtLogRecordProcessor() as Processor], (logger) =>
      logger.emit({ body: 'order 42 shipped', attributes: { 'app.order': 42 } }),
    );
    expect(record?.body).toBe('order 42 shipped');
    expect(record?.attributes).toEqual({ 'app.order': 42 });
  });

  test('the logs SDK lets a processor change a record only during onEmit, so it must come first', async () => {
    const token = mint();
    const [record] = await emitted([], (logger) => logger.emit({ body: token }));
    expect(record?.body).toBe(token);
  });

  test('log records: additions of the configuration apply on top of the built-in rules', async () => {
    const processor = new JwtLogRecordProcessor({ redaction: { valuePatterns: [/sk_live_\w{6,}/] } });
    const token = mint();
    const [record] = await emitted([processor as Processor], (logger) =>
      logger.emit({ body: `sk_live_abcdef12 and ${token}` }),
    );
    expect(record?.body).toBe(`${REDACTED} and ${REDACTED}`);
  });
});

describe('never throws', () => {
  test('a body that throws when read is replaced whole, without an error, and one warning is logged', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('hostile body');
        },
      },
    );
    const processor = new JwtLogRecordProcessor();
    for (let i = 0; i < 3; i++) {
      const record = { attributes: { 'app.note': 'kept?' }, body: hostile as unknown };
      expect(() => processor.onEmit(record)).not.toThrow();
      expect(record).toEqual({ attributes: { [ATTR_JWT_REDACTION_COUNT]: 1 }, body: REDACTED });
    }
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('rejects an unknown option at construction, naming it', () => {
    expect(() => new JwtLogRecordProcessor({ redact: false } as never)).toThrow(/unknown option "redact"/);
  });
});
