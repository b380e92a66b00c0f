import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ATTR_JWT_REDACTION_COUNT, JwtSpanProcessor, REDACTED } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { carelessSpan, finished, sdkTracer, spanStrings } from '../support/redaction-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

describe('onEnding on real SDK spans', () => {
  test('no token material reaches the exporter from any field of a careless span', async () => {
    const { tracer, exporter, provider } = sdkTracer();
    const token = mint({ sub: 'careless' });
    carelessSpan(tracer, token);
    const [span] = await finished(exporter, provider);
    expect(span).toBeDefined();
    expect(tokenMaterialIn(token, spanStrings(span as never))).toBeUndefined();
  });

  test('each field keeps its shape with the token replaced', async () => {
    const { tracer, exporter, provider } = sdkTracer();
    const token = mint();
    carelessSpan(tracer, token);
    const span = (await finished(exporter, provider))[0];
    expect(span?.name).toBe(`GET /orders?access_token=${REDACTED}`);
    expect(span?.attributes['app.note']).toBe(`got ${REDACTED}`);
    expect(span?.attributes['app.list']).toEqual(['fine', REDACTED]);
    expect(span?.attributes['http.request.header.authorization']).toEqual([REDACTED]);
    expect(span?.attributes['url.full']).toBe(
      `https://shop.example/cb?code=${REDACTED}&id_token=${REDACTED}`,
    );
    expect(span?.attributes['app.nested']).toEqual({ request: { auth: REDACTED } });
    expect(span?.events.map((event) => event.attributes?.['exception.message'])).toContain(
      `invalid token ${REDACTED}`,
    );
    expect(span?.status.message).toBe(`rejected ${REDACTED}`);
    expect(span?.links[1]?.attributes?.['app.link_token']).toBe(REDACTED);
  });

  test('records how many values were replaced', async () => {
    const { tracer, exporter, provider } = sdkTracer();
    carelessSpan(tracer, mint());
    expect(
      (await finished(exporter, provider))[0]?.attributes[ATTR_JWT_REDACTION_COUNT],
    ).toBeGreaterThanOrEqual(12);
  });

  test('a clean span is exported untouched and gets no redaction count', async () => {
    const { tracer, exporter, provider } = sdkTracer();
    const span = tracer.startSpan('GET /orders', {
      attributes: { 'http.request.method': 'GET', 'app.count': 3 },
    });
    span.addEvent('checkpoint', { step: 'one' });
    span.end();
    const [exported] = await finished(exporter, provider);
    expect(exported?.attributes).toEqual({ 'http.request.method': 'GET', 'app.count': 3 });
    expect(exported?.events[0]?.attributes).toEqual({ step: 'one' });
  });

  test('redacts even when registered after the exporting processor', async () => {
    // The SDK calls onEnding of every processor before any onEnd, so the order does not matter.
    const { tracer, exporter, provider } = sdkTracer([], [new JwtSpanProcessor() as never]);
    const span = tracer.startSpan('late');
    span.setAttribute('app.note', mint());
    span.end();
    expect((await finished(exporter, provider))[0]?.attributes['app.note']).toBe(REDACTED);
  });

  test('additions of the configuration apply on top of the built-in rules', async () => {
    const processor = new JwtSpanProcessor({ redaction: { credentialKeys: ['x-tenant-secret'] } });
    const { tracer, exporter, provider } = sdkTracer([processor as never]);
    const span = tracer.startSpan('op', {
      attributes: { 'http.request.header.x-tenant-secret': 's3', 'http.request.header.cookie': 'c=1' },
    });
    span.end();
    expect((await finished(exporter, provider))[0]?.attributes).toMatchObject({
      'http.request.header.x-tenant-secret': REDACTED,
      'http.request.header.cookie': REDACTED,
    });
  });
});

describe('never throws', () => {
  test('a span whose attributes cannot be changed loses its other fields, without an error, and one warning is logged', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const processor = new JwtSpanProcessor();
    const frozen = {
      name: 'op',
      attributes: Object.freeze({ 'app.note': mint() }),
      events: [{ name: 'e', attributes: { text: 'x' } }],
      links: [{ attributes: { text: 'y' } }],
      status: { code: 2, message: 'failed' },
    };
    expect(() => processor.onEnding(frozen)).not.toThrow();
    expect(frozen).toMatchObject({ name: REDACTED, events: [], links: [], status: { code: 2 } });
    expect(frozen.status.message).toBeUndefined();
    expect(() => processor.onEnding(frozen)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/RedactingSpanExporter/);
  });

  test('an SDK that never calls onEnding is reported once, whatever the number of spans', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const processor = new JwtSpanProcessor();
    for (let i = 0; i < 10; i++) processor.onEnd();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/does not call SpanProcessor.onEnding/);
  });

  test('an SDK that calls onEnding gets no warning', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const { tracer } = sdkTracer();
    for (let i = 0; i < 5; i++) tracer.startSpan('op').end();
    expect(warn).not.toHaveBeenCalled();
  });
});
