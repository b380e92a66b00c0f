import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { REDACTED } from '../../src/index.js';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { scanText } from '../../src/leak-scanner/leak-text-scan.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { costCurve, doubling } from '../support/cost-curve.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import { costPipeline, tokenKeys } from '../support/redaction-cost.js';

/**
 * The cost of redacting a log record grows with what it holds, never faster: per key of its body map,
 * per nested entry and per attribute it stays flat while their number doubles (see
 * support/cost-curve.ts). A client chooses the keys of a request body an application logs, so a
 * body whose keys are all token material is the case to beat.
 */
type AnyValueMap = Record<string, unknown>;
let pipeline: ReturnType<typeof costPipeline>;
// A pipeline per test, so no test starts with caches another one filled.
beforeEach(() => {
  pipeline = costPipeline();
});
afterAll(() => seenTokens.clear());

const LIMIT = 3;

/** Emits one record through the log record processor and returns it as exported. */
function emit(record: { body?: unknown; attributes?: AnyValueMap }) {
  pipeline.logger.emit(record as never);
  const [exported] = pipeline.logs.getFinishedLogRecords();
  pipeline.logs.reset();
  return exported;
}

describe('cost of log redaction per item', () => {
  test('per key, flat from 250 to 8,000 body keys that are all token material', () => {
    const curve = costCurve(doubling(250, 6), (size) => {
      const body: Record<string, string> = {};
      for (const [index, key] of tokenKeys(pipeline.token, size).entries()) body[key] = `v${index}`;
      const keys = Object.keys(emit({ body })?.body as object);
      expect(keys).toHaveLength(size);
      expect(keys).toContain(`${REDACTED}_${size}`);
      expect(tokenMaterialIn(pipeline.token, keys)).toBeUndefined();
      return () => emit({ body });
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per entry, flat from 250 to 8,000 body entries holding nested maps and arrays', () => {
    const curve = costCurve(doubling(250, 6), (size) => {
      const body: Record<string, unknown> = {};
      for (let index = 0; index < size; index++) {
        body[`field.${size}.${index}`] = {
          user: { id: index, note: pipeline.mixedValue(index, 4) },
          tags: ['orders', `tag-${index}`, pipeline.mixedValue(index + 1, 4)],
          headers: { authorization: `Bearer ${index}`, accept: 'application/json' },
        };
      }
      const exported = emit({ body })?.body as Record<string, { headers: { authorization: string } }>;
      expect(exported[`field.${size}.0`]?.headers.authorization).toBe(REDACTED);
      expect(tokenMaterialIn(pipeline.token, stringsOf(exported))).toBeUndefined();
      return () => emit({ body });
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per entry, flat from 125 to 2,000 body entries holding the token base64-, hex- or percent-encoded', () => {
    const curve = costCurve(doubling(125, 5), (size) => {
      const body: Record<string, string> = {};
      for (let index = 0; index < size; index++) {
        const data = `{"n":${index},"token":"${pipeline.token}"}`;
        body[`field.${size}.${index}`] = [
          Buffer.from(data).toString('base64url'),
          Buffer.from(data).toString('hex').toUpperCase(),
          encodeURIComponent(data),
          `entry ${index}`,
        ][index % 4] as string;
      }
      const exported = emit({ body })?.body as Record<string, string>;
      expect(exported[`field.${size}.0`]).toBe(REDACTED);
      expect(scanText(Object.values(exported).join(' '), buildNeedles([pipeline.token]))).toEqual([]);
      return () => emit({ body });
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });

  test('per attribute, flat from 250 to 8,000 record attributes, half of their keys token material', () => {
    const curve = costCurve(doubling(250, 6), (size) => {
      const attributes: AnyValueMap = {};
      const tokens = tokenKeys(pipeline.token, size);
      for (let index = 0; index < size; index++) {
        const key = index % 2 === 0 ? (tokens[index] as string) : `app.k${size}.${index}`;
        attributes[key] = pipeline.mixedValue(index, 8);
      }
      const exported = emit({ body: 'order placed', attributes })?.attributes ?? {};
      expect(Object.keys(exported)).toContain(`${REDACTED}_${size / 2}`);
      expect(tokenMaterialIn(pipeline.token, stringsOf(exported))).toBeUndefined();
      return () => emit({ body: 'order placed', attributes });
    });
    expect(curve.ratio).toBeLessThanOrEqual(LIMIT);
  });
});
