import { describe, expect, it } from 'vitest';
import { findTokenLeaks, type LeakReport } from '../../src/testing.js';
import { leakToken, partsOf } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const { piece } = partsOf(TOKEN);
const SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';

const scan = (json: unknown): readonly LeakReport[] =>
  findTokenLeaks({ otlpJson: typeof json === 'string' ? json : JSON.stringify(json) }, [TOKEN]);

const paths = (reports: readonly LeakReport[]): string[] => reports.map((report) => report.path);

const traces = (span: Record<string, unknown>) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
const stringValue = (value: string) => ({ stringValue: value });

describe('walkOtlpJson', () => {
  it('names fields outside the OTLP schema by their JSON path', () => {
    expect(paths(scan(traces({ futureField: { note: `x ${TOKEN}` } })))).toEqual([
      `${SPAN}.futureField.note`,
    ]);
    expect(paths(scan(traces({ 'odd name': [TOKEN] })))).toEqual([`${SPAN}["odd name"][0]`]);
  });

  it('finds a token written with JSON escapes at its field, not only in the raw text', () => {
    const escaped = JSON.stringify(traces({ name: TOKEN })).replace(TOKEN.slice(0, 3), '\\u0065\\u0079J');
    expect(scan(escaped)).toEqual([
      expect.objectContaining({ path: `${SPAN}.name`, match: 'token', start: 0, end: TOKEN.length }),
    ]);
  });

  it('withholds a member name holding token material and points at the name', () => {
    expect(paths(scan(traces({ [`k-${piece}`]: 'v' })))).toEqual([`${SPAN}[#0].$name`]);
  });

  it('decodes bytesValue and reports the token in its bytes at the attribute', () => {
    const bytesValue = Buffer.from(`\u0000${TOKEN}`).toString('base64');
    const reports = scan(traces({ attributes: [{ key: 'blob', value: { bytesValue } }] }));
    expect(reports).toEqual([
      expect.objectContaining({ path: `${SPAN}.attributes["blob"]`, form: 'raw', start: 1, match: 'token' }),
    ]);
  });

  it('shows kvlist and array values under their keys and indexes, like the protobuf walk', () => {
    const value = {
      kvlistValue: {
        values: [{ key: 'list', value: { arrayValue: { values: [stringValue('a'), stringValue(TOKEN)] } } }],
      },
    };
    expect(paths(scan(traces({ attributes: [{ key: 'outer', value }] })))).toEqual([
      `${SPAN}.attributes["outer"]["list"][1]`,
    ]);
  });

  it('walks metrics JSON and any other JSON by its own shape', () => {
    const metrics = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'm',
                  sum: { dataPoints: [{ attributes: [{ key: 'user', value: stringValue(TOKEN) }] }] },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(paths(scan(metrics))).toEqual([
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].attributes["user"]',
    ]);
  });

  it('reports invalid JSON as undecodable and still finds the token in the text', () => {
    const text = `{"resourceSpans": [{"name": "${TOKEN}"`;
    expect(scan(text)).toEqual([
      { kind: 'undecodable', path: '$', reason: 'invalid_json', offset: text.length },
      expect.objectContaining({ kind: 'leak', path: '$', start: 29, match: 'token' }),
    ]);
  });

  it('reports JSON nested past the limit as too_deep and still finds the token', () => {
    const text = `${'['.repeat(300)}"${TOKEN}"${']'.repeat(300)}`;
    expect(scan(text)).toEqual([
      { kind: 'undecodable', path: '$', reason: 'too_deep', offset: 256 },
      expect.objectContaining({ kind: 'leak', path: '$', start: 301 }),
    ]);
  });
});
