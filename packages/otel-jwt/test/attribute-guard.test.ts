import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test } from 'vitest';
import { guardAttributes, guardCount } from '../src/attribute-guard.js';
import { JwtSpanProcessor, REDACTED } from '../src/index.js';
import { resolveRedaction } from '../src/redaction-config.js';
import { seenTokens } from '../src/seen-tokens.js';
import { mint } from './support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());
const rules = () => resolveRedaction(undefined, 'redaction');

/** A span-like object whose setAttribute stores what it is given, as the SDK does. */
function recordingSpan(initial: Record<string, unknown> = {}) {
  return {
    attributes: { ...initial } as Record<string, unknown>,
    setAttribute(key: string, value: unknown) {
      this.attributes[key] = value;
      return this;
    },
  };
}

/** A new span class each call, as an SDK defines one: `setAttribute` lives on its prototype. */
function spanClass() {
  return class {
    readonly attributes: Record<string, unknown> = {};
    setAttribute(key: string, value: unknown) {
      this.attributes[key] = value;
      return this;
    }
  };
}

describe('attributes redacted as they are set', () => {
  test('a value set after the guard is stored redacted, and counted', () => {
    const span = recordingSpan();
    expect(guardAttributes(span, rules())).toBe(true);
    const token = mint();
    span.setAttribute('app.note', `got ${token}`);
    span.setAttribute('http.request.header.authorization', ['Bearer x']);
    expect(span.attributes).toEqual({
      'app.note': `got ${REDACTED}`,
      'http.request.header.authorization': [REDACTED],
    });
    expect(guardCount(span)).toBe(2);
  });

  test('the attributes a span started with are redacted when it is guarded', () => {
    const token = mint();
    const span = recordingSpan({ 'url.full': `https://a.example/?access_token=${token}`, 'app.ok': 1 });
    guardAttributes(span, rules());
    expect(span.attributes).toEqual({
      'url.full': `https://a.example/?access_token=${REDACTED}`,
      'app.ok': 1,
    });
  });

  test('a value is redacted before span limits could cut the token into an unrecognisable piece', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanLimits: { attributeValueLengthLimit: 40 },
      spanProcessors: [new JwtSpanProcessor() as never, new SimpleSpanProcessor({ exporter })],
    });
    const token = mint({ sub: 'truncated' });
    const span = provider.getTracer('limits').startSpan('op', { kind: SpanKind.INTERNAL });
    span.setAttribute('app.header', `Bearer ${token}`);
    span.end();
    await provider.forceFlush();
    // Cut to 40 characters first, the token's start would no longer be JWT-shaped.
    expect(exporter.getFinishedSpans()[0]?.attributes['app.header']).toBe(`Bearer ${REDACTED}`);
  });

  test('a value repeated under the same key is checked again once a new token is remembered', () => {
    const span = recordingSpan();
    guardAttributes(span, rules());
    const token = mint({ sub: 'later' });
    const signature = token.split('.')[2] as string;
    span.setAttribute('app.sig', signature);
    expect(span.attributes['app.sig']).toBe(signature);
    seenTokens.remember(token);
    span.setAttribute('app.sig', signature);
    expect(span.attributes['app.sig']).toBe(REDACTED);
  });

  test('a span is guarded once, whatever the number of processors', () => {
    const span = recordingSpan();
    guardAttributes(span, rules());
    const wrapper = span.setAttribute;
    expect(guardAttributes(span, rules())).toBe(true);
    expect(span.setAttribute).toBe(wrapper);
    span.setAttribute('app.note', mint());
    expect(guardCount(span)).toBe(1);
  });

  test('a span whose setAttribute cannot be replaced is left to onEnding, which reads every attribute', () => {
    const frozen = Object.freeze(recordingSpan());
    expect(guardAttributes(frozen, rules())).toBe(false);
    expect(guardCount(frozen)).toBeUndefined();
    const token = mint();
    const span = {
      name: 'op',
      attributes: { 'app.note': token },
      events: [],
      links: [],
      status: { code: 0 },
    };
    const processor = new JwtSpanProcessor();
    processor.onEnding(span);
    expect(span.attributes['app.note']).toBe(REDACTED);
  });

  test('the guard sits once on the class that defines setAttribute, and an unmarked span passes through', () => {
    const RecordingSpan = spanClass();
    const original = RecordingSpan.prototype.setAttribute;
    const first = new RecordingSpan();
    expect(guardAttributes(first, rules())).toBe(true);
    const wrapper = RecordingSpan.prototype.setAttribute;
    expect(wrapper).not.toBe(original);
    expect(Object.hasOwn(first, 'setAttribute')).toBe(false);
    guardAttributes(new RecordingSpan(), rules());
    expect(RecordingSpan.prototype.setAttribute).toBe(wrapper);
    const token = mint();
    first.setAttribute('app.note', token);
    expect(first.attributes['app.note']).toBe(REDACTED);
    // A span of a provider without otel-jwt is never marked: its values are stored as given.
    const unmarked = new RecordingSpan();
    unmarked.setAttribute('app.note', token);
    expect(unmarked.attributes['app.note']).toBe(token);
    expect(guardCount(unmarked)).toBeUndefined();
  });

  test('a span of a frozen class gets the guard on itself', () => {
    const FrozenSpan = spanClass();
    Object.freeze(FrozenSpan.prototype);
    const span = new FrozenSpan();
    expect(guardAttributes(span, rules())).toBe(true);
    expect(Object.hasOwn(span, 'setAttribute')).toBe(true);
    const other = new FrozenSpan();
    guardAttributes(other, rules());
    expect(other.setAttribute).toBe(span.setAttribute);
    span.setAttribute('app.note', mint());
    expect(span.attributes['app.note']).toBe(REDACTED);
    expect(guardCount(span)).toBe(1);
  });

  test('a value that cannot be checked is stored as REDACTED, and counted', () => {
    const span = recordingSpan();
    guardAttributes(span, rules());
    const hostile = {
      get [Symbol.iterator]() {
        throw new Error('no');
      },
    };
    const throwing = new Proxy(hostile, {
      ownKeys() {
        throw new Error('no keys');
      },
    });
    span.setAttribute('app.value', throwing);
    expect(span.attributes['app.value']).toBe(REDACTED);
    expect(guardCount(span)).toBe(1);
  });
});
