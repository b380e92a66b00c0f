import { DiagLogLevel, diag } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { REDACTED, RedactingSpanExporter } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { carelessSpan, finished, sdkTracer, spanStrings } from '../support/redaction-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

/** Ended real SDK spans that nothing redacted (no JwtSpanProcessor), as an SDK without onEnding leaves them. */
async function unredactedSpans(token: string): Promise<ReadableSpan[]> {
  const { tracer, exporter, provider } = sdkTracer([]);
  carelessSpan(tracer, token);
  tracer.startSpan('clean').end();
  return finished(exporter, provider);
}

function exportThrough(wrapper: RedactingSpanExporter<ReadableSpan>, spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => wrapper.export(spans, (result) => resolve(result.code)));
}

describe('the exporter wrapper, for SDKs without onEnding', () => {
  test('the wrapped exporter receives no token material from any field', async () => {
    const token = mint({ sub: 'wrapped' });
    const inner = new InMemorySpanExporter();
    const code = await exportThrough(new RedactingSpanExporter(inner), await unredactedSpans(token));
    expect(code).toBe(0);
    const received = inner.getFinishedSpans();
    expect(received).toHaveLength(2);
    expect(tokenMaterialIn(token, received.flatMap(spanStrings))).toBeUndefined();
  });

  test('views keep everything else of the span: ids, times, kind, resource and counts', async () => {
    const spans = await unredactedSpans(mint());
    const inner = new InMemorySpanExporter();
    await exportThrough(new RedactingSpanExporter(inner), spans);
    const [view] = inner.getFinishedSpans();
    const [original] = spans;
    expect(view?.spanContext()).toEqual(original?.spanContext());
    expect(view?.startTime).toEqual(original?.startTime);
    expect(view?.duration).toEqual(original?.duration);
    expect(view?.kind).toBe(original?.kind);
    expect(view?.resource).toBe(original?.resource);
    expect(view?.droppedAttributesCount).toBe(original?.droppedAttributesCount);
    expect(view?.attributes['app.note']).toBe(`got ${REDACTED}`);
  });

  test('the spans it was given are left unchanged, and clean spans are passed on as they are', async () => {
    const token = mint();
    const spans = await unredactedSpans(token);
    const inner = new InMemorySpanExporter();
    await exportThrough(new RedactingSpanExporter(inner), spans);
    expect(spans[0]?.attributes['app.note']).toBe(`got ${token}`);
    expect(inner.getFinishedSpans()[1]).toBe(spans[1]);
  });

  test('a batch that cannot be redacted is not exported and reports a failure', async () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const inner = new InMemorySpanExporter();
    const hostile = {
      name: 'x',
      get attributes(): never {
        throw new Error('hostile span');
      },
      events: [],
      links: [],
      status: { code: 0 },
    } as unknown as ReadableSpan;
    expect(await exportThrough(new RedactingSpanExporter(inner), [hostile])).toBe(1);
    expect(inner.getFinishedSpans()).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('shutdown and forceFlush reach the wrapped exporter', async () => {
    const inner = new InMemorySpanExporter();
    const flush = vi.spyOn(inner, 'forceFlush');
    const shutdown = vi.spyOn(inner, 'shutdown');
    const wrapper = new RedactingSpanExporter(inner);
    await wrapper.forceFlush();
    expect(flush).toHaveBeenCalledTimes(1);
    await wrapper.shutdown();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  test('rejects a mistake in its redaction options at construction', () => {
    expect(
      () => new RedactingSpanExporter(new InMemorySpanExporter(), { redaction: { valuePatterns: [/a?/] } }),
    ).toThrow(/redaction.valuePatterns\[0\] matches the empty string/);
  });
});
