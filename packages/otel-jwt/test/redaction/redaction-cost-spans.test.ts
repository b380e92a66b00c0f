import { type Attributes, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { REDACTED } from '../../src/index.js';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { KEY_CACHE_CAPACITY } from '../../src/redaction/value-redaction.js';
import { costCurve, doubling } from '../support/cost-curve.js';
import { costPipeline, tokenKeys } from '../support/redaction-cost.js';

/**
 * The cost of redacting a span grows with what it holds, never faster: per attribute, event and link
 * it stays flat while their number doubles (see support/cost-curve.ts). Values holding token
 * material are replaced, and a verified token is remembered, so the fingerprint scan runs.
 */
let pipeline: ReturnType<typeof costPipeline>;
// A pipeline per test, so no test starts with caches another one filled.
beforeEach(() => {
  pipeline = costPipeline();
});
afterAll(() => seenTokens.clear());

const LIMIT = 3;
const linked = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
type Setter = { setAttribute(key: string, value: string): unknown };

/** Sets `keys[i]` to `values[i]` on a span. */
const setAll = (keys: readonly string[], values: readonly string[]) => (span: Setter) => {
  for (let index = 0; index < keys.length; index++)
    span.setAttribute(keys[index] as string, values[index] as string);
};

describe('cost of span redaction per item', () => {
  test('per attribute, flat from 512 to 8,192 keys per span when every key is new', () => {
    let serial = 0;
    const curve = costCurve(doubling(512, 5), (size) => {
      const values = Array.from({ length: size }, (_, index) => pipeline.mixedValue(index, 16));
      const fill = (span: Setter) => {
        const prefix = `app.n${serial++}.`;
        for (let index = 0; index < size; index++) span.setAttribute(prefix + index, values[index] as string);
      };
      expect(pipeline.exportedSpan(fill)?.attributes[`app.n${serial - 1}.0`]).toBe(`refused ${REDACTED}`);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per attribute, flat from 128 to 2,048 attributes holding the token base64-, hex- or percent-encoded', () => {
    const forms = (index: number) => {
      const data = `user${index}:${pipeline.token}`;
      return [
        Buffer.from(data).toString('base64'),
        Buffer.from(data).toString('hex'),
        encodeURIComponent(data).replaceAll('.', '%2E'),
        `step ${index} of the order`,
      ][index % 4] as string;
    };
    let serial = 0;
    const curve = costCurve(doubling(128, 5), (size) => {
      const values = Array.from({ length: size }, (_, index) => forms(index));
      const fill = (span: Setter) => {
        const prefix = `app.e${serial++}.`;
        for (let index = 0; index < size; index++) span.setAttribute(prefix + index, values[index] as string);
      };
      const exported = pipeline.exportedSpan(fill)?.attributes ?? {};
      expect(exported[`app.e${serial - 1}.0`]).toMatch(new RegExp(`^${REDACTED}=*$`));
      expect(scanText(Object.values(exported).join(' '), buildNeedles([pipeline.token]))).toEqual([]);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per attribute, flat from 528 to 4,224 keys used span after span, past the key cache capacity', () => {
    // The same keys on every span, a working set growing to 1/32 past the capacity (4,096): a cache that
    // empties itself when full then misses every key, and a miss costs some 25 hits. Without the cliff
    // only about the keys past the capacity miss. (At twice the capacity half of them do, which no
    // bounded cache avoids: the cost per key then rises toward that of a miss, bounded all the same.)
    const largest = KEY_CACHE_CAPACITY + KEY_CACHE_CAPACITY / 32;
    const keys = Array.from({ length: largest }, (_, index) => `app.attribute.${index}`);
    const values = keys.map((_, index) => pipeline.mixedValue(index, 256));
    const curve = costCurve(
      doubling(largest / 8, 4),
      (size) => {
        const fill = setAll(keys.slice(0, size), values.slice(0, size));
        expect(pipeline.exportedSpan(fill)?.attributes[keys[0] as string]).toBe(`refused ${REDACTED}`);
        return () => pipeline.endSpan(fill);
      },
      { warmup: 8 },
    );
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per event, flat from 256 to 4,096 events with distinct names', () => {
    const curve = costCurve(doubling(256, 5), (size) => {
      const events = Array.from({ length: size }, (_, index) => ({
        name: `order.step.${size}.${index}`,
        attributes: { 'app.step': index, 'app.note': pipeline.mixedValue(index, 8) } as Attributes,
      }));
      const fill = (span: { addEvent(name: string, attributes: Attributes): unknown }) => {
        for (const event of events) span.addEvent(event.name, event.attributes);
      };
      expect(pipeline.exportedSpan(fill)?.events[0]?.attributes?.['app.note']).toBe(`refused ${REDACTED}`);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per attribute of one event, flat from 256 to 4,096 attributes', () => {
    const curve = costCurve(doubling(256, 5), (size) => {
      const attributes: Attributes = {};
      for (let index = 0; index < size; index++) {
        attributes[`event.k${size}.${index}`] = pipeline.mixedValue(index, 8);
      }
      const fill = (span: { addEvent(name: string, attributes: Attributes): unknown }) => {
        span.addEvent('order.checked', attributes);
      };
      const exported = pipeline.exportedSpan(fill)?.events[0]?.attributes;
      expect(exported?.[`event.k${size}.0`]).toBe(`refused ${REDACTED}`);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per link, flat from 256 to 4,096 links', () => {
    const curve = costCurve(doubling(256, 5), (size) => {
      const links = Array.from({ length: size }, (_, index) => ({
        context: linked.spanContext(),
        attributes: { 'link.index': index, 'link.note': pipeline.mixedValue(index, 8) } as Attributes,
      }));
      const fill = (span: { addLink(link: (typeof links)[number]): unknown }) => {
        for (const link of links) span.addLink(link);
      };
      expect(pipeline.exportedSpan(fill)?.links[0]?.attributes?.['link.note']).toBe(`refused ${REDACTED}`);
      return () => pipeline.endSpan(fill);
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per attribute, flat from 250 to 4,000 keys that are all token material, through the redacting exporter', () => {
    const curve = costCurve(doubling(250, 5), (size) => {
      const attributes: Attributes = {};
      for (const [index, key] of tokenKeys(pipeline.token, size).entries()) attributes[key] = index;
      const operation = () => {
        pipeline.exportingTracer.startSpan('GET /orders', { attributes }).end();
        const [span] = pipeline.exported.getFinishedSpans();
        pipeline.exported.reset();
        return span;
      };
      const keys = Object.keys(operation()?.attributes ?? {});
      expect(keys).toContain(`${REDACTED}_${size}`);
      expect(keys.some((key) => key.startsWith('eyJ'))).toBe(false);
      return operation;
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });
});
