import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test } from 'vitest';
import { JwtSpanProcessor, REDACTED } from '../../src/index.js';
import { BoundedCache } from '../../src/internal/bounded-cache.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import type { AttributeKeyMemo } from '../../src/redaction/redaction-rules.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { guardAttributes, guardCount } from '../../src/sdk/attribute-guard.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());
const rules = () => resolveRedaction(undefined, 'redaction');
const standard = rules();

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
    expect(guardAttributes(span, standard)).toBe(true);
    const token = mint();
    span.setAttribute('app.note', `got ${token}`);
    span.setAttribute('http.request.header.authorization', ['Bearer x']);
    expect(span.attributes).toEqual({
      'app.note': `got ${REDACTED}`,
      'http.request.header.authorization': [REDACTED],
    });
    expect(guardCount(span, standard)).toBe(2);
  });

  test('the attributes a span started with are redacted when it is guarded', () => {
    const token = mint();
    const span = recordingSpan({ 'url.full': `https://a.example/?access_token=${token}`, 'app.ok': 1 });
    guardAttributes(span, standard);
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
    guardAttributes(span, standard);
    const token = mint({ sub: 'later' });
    const signature = token.split('.')[2] as string;
    span.setAttribute('app.sig', signature);
    expect(span.attributes['app.sig']).toBe(signature);
    seenTokens.remember(token, 'vouched');
    span.setAttribute('app.sig', signature);
    expect(span.attributes['app.sig']).toBe(REDACTED);
  });

  test('a span is guarded once, whatever the number of processors', () => {
    const span = recordingSpan();
    guardAttributes(span, standard);
    const wrapper = span.setAttribute;
    expect(guardAttributes(span, standard)).toBe(true);
    expect(span.setAttribute).toBe(wrapper);
    span.setAttribute('app.note', mint());
    expect(guardCount(span, standard)).toBe(1);
  });

  test('a span whose setAttribute cannot be replaced is left to onEnding, which reads every attribute', () => {
    const frozen = Object.freeze(recordingSpan());
    expect(guardAttributes(frozen, standard)).toBe(false);
    expect(guardCount(frozen, standard)).toBeUndefined();
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
    expect(guardAttributes(first, standard)).toBe(true);
    const wrapper = RecordingSpan.prototype.setAttribute;
    expect(wrapper).not.toBe(original);
    expect(Object.hasOwn(first, 'setAttribute')).toBe(false);
    guardAttributes(new RecordingSpan(), standard);
    expect(RecordingSpan.prototype.setAttribute).toBe(wrapper);
    const token = mint();
    first.setAttribute('app.note', token);
    expect(first.attributes['app.note']).toBe(REDACTED);
    // A span of a provider without otel-jwt is never marked: its values are stored as given.
    const unmarked = new RecordingSpan();
    unmarked.setAttribute('app.note', token);
    expect(unmarked.attributes['app.note']).toBe(token);
    expect(guardCount(unmarked, standard)).toBeUndefined();
  });

  test('a span of a frozen class gets the guard on itself', () => {
    const FrozenSpan = spanClass();
    Object.freeze(FrozenSpan.prototype);
    const span = new FrozenSpan();
    expect(guardAttributes(span, standard)).toBe(true);
    expect(Object.hasOwn(span, 'setAttribute')).toBe(true);
    const other = new FrozenSpan();
    guardAttributes(other, standard);
    expect(other.setAttribute).toBe(span.setAttribute);
    span.setAttribute('app.note', mint());
    expect(span.attributes['app.note']).toBe(REDACTED);
    expect(guardCount(span, standard)).toBe(1);
  });

  test('a value that cannot be checked is stored as REDACTED, and counted', () => {
    const span = recordingSpan();
    guardAttributes(span, standard);
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
    expect(guardCount(span, standard)).toBe(1);
  });

  test('a span whose first attributes cannot be checked is left unmarked, so onEnding reads them all', () => {
    const throwing = {
      ...standard,
      keyCache: new BoundedCache<string, AttributeKeyMemo>(16),
      isCredentialKey: () => {
        throw new Error('scan');
      },
    };
    const token = mint({ sub: 'first-attributes' });
    const span = recordingSpan({ 'url.full': `https://a.example/?access_token=${token}` });
    expect(() => guardAttributes(span, throwing)).toThrow('scan');
    expect(guardCount(span, throwing)).toBeUndefined();
    new JwtSpanProcessor().onEnding({
      name: 'op',
      attributes: span.attributes,
      events: [],
      links: [],
      status: { code: 0 },
    });
    expect(span.attributes['url.full']).toBe(`https://a.example/?access_token=${REDACTED}`);
  });

  test('a span whose class got its original setAttribute back is no longer vouched for', () => {
    const SpanClass = spanClass();
    const original = SpanClass.prototype.setAttribute;
    const span = new SpanClass();
    guardAttributes(span, standard);
    expect(guardCount(span, standard)).toBe(0);
    SpanClass.prototype.setAttribute = original;
    expect(guardCount(span, standard)).toBeUndefined();
  });

  test('a second processor with its own rules reads the attributes itself, and the counts add up', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [
        new JwtSpanProcessor() as never,
        new JwtSpanProcessor({ redaction: { credentialKeys: ['x-tenant-pin'] } }) as never,
        new SimpleSpanProcessor({ exporter }),
      ],
    });
    const span = provider.getTracer('two').startSpan('op');
    span.setAttribute('app.x-tenant-pin', 'hunter2');
    span.setAttribute('app.note', mint({ sub: 'two-processors' }));
    span.end();
    await provider.forceFlush();
    const attributes = exporter.getFinishedSpans()[0]?.attributes ?? {};
    expect(attributes['app.x-tenant-pin']).toBe(REDACTED);
    expect(attributes['app.note']).toBe(REDACTED);
    expect(attributes['jwt.redaction_count']).toBe(2);
  });

  test('a value set under a key that is not a string is redacted under its string form', () => {
    const span = recordingSpan();
    guardAttributes(span, standard);
    const token = mint({ sub: 'numeric-key' });
    (span.setAttribute as (key: unknown, value: unknown) => unknown)(7, token);
    expect(span.attributes['7']).toBe(REDACTED);
    expect(guardCount(span, standard)).toBe(1);
  });

  test('a predicate that sets an attribute while a value is checked does not mix up the two values', () => {
    const other = recordingSpan();
    const reentrant = resolveRedaction(
      {
        isCredentialKey: (key: string) => {
          if (key === 'app.outer') other.setAttribute('app.inner', 'inner value');
          return false;
        },
      },
      'redaction',
    );
    guardAttributes(other, reentrant);
    const span = recordingSpan();
    guardAttributes(span, reentrant);
    const token = mint({ sub: 'reentrant' });
    span.setAttribute('app.outer', `got ${token}`);
    expect(span.attributes).toEqual({ 'app.outer': `got ${REDACTED}` });
    expect(other.attributes).toEqual({ 'app.inner': 'inner value' });
    expect(guardCount(span, reentrant)).toBe(1);
    expect(guardCount(other, reentrant)).toBe(0);
  });
});
