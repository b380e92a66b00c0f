import { DiagLogLevel, diag } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { JwtSpanProcessor, REDACTED, RedactingSpanExporter } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { findTokenLeaks } from '../../src/testing.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { carelessSpan, finished, sdkTracer, spanStrings } from '../support/redaction-fixtures.js';
import { resourceWith, type SdkResource } from '../support/resource-fixtures.js';
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

  test('holds the wrapped exporter under no property name, so a processor reading `exporter` cannot reach around it', () => {
    const inner = { export: () => {}, shutdown: () => Promise.resolve() };
    const wrapper = new RedactingSpanExporter(inner);
    expect('exporter' in wrapper).toBe(false);
    expect(Object.values(wrapper)).not.toContain(inner);
  });

  test('rejects a mistake in its redaction options at construction', () => {
    expect(
      () => new RedactingSpanExporter(new InMemorySpanExporter(), { redaction: { valuePatterns: [/a?/] } }),
    ).toThrow(/redaction.valuePatterns\[0\] matches the empty string/);
  });
});

/**
 * A real SDK: the JwtSpanProcessor (which redacts attributes as they are set) before a simple
 * processor whose exporter is `inner`, wrapped in ours unless `wrapped` is false.
 */
function guardedProvider(inner: InMemorySpanExporter, wrapped = true, resource?: SdkResource) {
  const exporter = wrapped ? new RedactingSpanExporter(inner) : inner;
  return new TracerProvider({
    ...(resource === undefined ? {} : { resource }),
    spanProcessors: [new JwtSpanProcessor(), new SimpleSpanProcessor({ exporter })],
  });
}

/** What an application does with a buffer it handed over: fill it before the span ends (the SDK keeps it by reference). */
async function lateMutation(token: string, wrapped: boolean): Promise<ReadableSpan[]> {
  const inner = new InMemorySpanExporter();
  const provider = guardedProvider(inner, wrapped);
  const span = provider.getTracer('late').startSpan('late');
  const bytes = new Uint8Array(token.length);
  span.setAttribute('app.bytes', bytes);
  bytes.set(new TextEncoder().encode(token));
  span.end();
  await provider.forceFlush();
  return inner.getFinishedSpans();
}

const latin1 = (value: unknown) =>
  value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value;

describe('values changed after they were handed over', () => {
  test('without the wrapper, a buffer filled after setAttribute reaches the exporter as filled', async () => {
    const token = mint();
    const [span] = await lateMutation(token, false);
    expect(latin1(span?.attributes['app.bytes'])).toBe(token);
  });

  test('the wrapper reads byte arrays again at export, so a buffer filled late does not reach the exporter', async () => {
    const token = mint();
    const spans = await lateMutation(token, true);
    expect(spans).toHaveLength(1);
    expect(
      findTokenLeaks({ otlpJson: JsonTraceSerializer.serializeRequest(spans) as Uint8Array }, [token]),
    ).toEqual([]);
    expect(latin1(spans[0]?.attributes['app.bytes'])).toBe(REDACTED);
  });
});

describe('resource and instrumentation scope', () => {
  test('token material in the resource and the tracer name is replaced in what the exporter receives', async () => {
    const token = mint();
    const inner = new InMemorySpanExporter();
    const resource = resourceWith({
      'api.token': 'opaque-start-up-secret-value',
      'app.boot': `with ${token}`,
    });
    const provider = guardedProvider(inner, true, resource);
    const tracer = provider.getTracer(`tracer ${token}`);
    tracer.startSpan('one').end();
    tracer.startSpan('two').end();
    await provider.forceFlush();
    const spans = inner.getFinishedSpans();
    const json = JsonTraceSerializer.serializeRequest(spans) as Uint8Array;
    expect(findTokenLeaks({ otlpJson: json }, [token, 'opaque-start-up-secret-value'])).toEqual([]);
    expect(spans[0]?.resource.attributes['api.token']).toBe(REDACTED);
    expect(spans[0]?.resource.attributes['service.name']).toBe(resource.attributes['service.name']);
    expect(spans[0]?.instrumentationScope.name).toBe(`tracer ${REDACTED}`);
  });

  test('spans of one resource and scope keep sharing one resource and one scope object, which OTLP groups by', async () => {
    const inner = new InMemorySpanExporter();
    const wrapper = new RedactingSpanExporter(inner);
    const provider = new TracerProvider({
      resource: resourceWith({ 'api.token': 'opaque-start-up-secret-value' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: wrapper })],
    });
    const tracer = provider.getTracer(`tracer ${mint()}`);
    tracer.startSpan('one').end();
    tracer.startSpan('two', { attributes: { 'app.note': mint() } }).end();
    await provider.forceFlush();
    const [one, two] = inner.getFinishedSpans();
    expect(one?.resource).toBe(two?.resource);
    expect(one?.instrumentationScope).toBe(two?.instrumentationScope);
    expect(two?.attributes['app.note']).toBe(REDACTED);
  });
});
