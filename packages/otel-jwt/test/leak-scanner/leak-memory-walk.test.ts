import { describe, expect, it } from 'vitest';
import { findTokenLeaks, type LeakLogRecord, type LeakSpan } from '../../src/testing.js';
import { leakToken, partsOf } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const { piece } = partsOf(TOKEN);

const logPaths = (logs: readonly LeakLogRecord[]): string[] =>
  findTokenLeaks({ logs }, [TOKEN]).map((report) => report.path);

const spanPaths = (spans: readonly LeakSpan[]): string[] =>
  findTokenLeaks({ spans }, [TOKEN]).map((report) => report.path);

describe('walkSpans and walkLogs', () => {
  it('scans a cyclic log body once, without looping', () => {
    const body: Record<string, unknown> = { token: TOKEN };
    body.self = body;
    body.list = [body, { again: body }];
    expect(logPaths([{ body }])).toEqual(['logs[0].body["token"]']);
  });

  it('reports a body nested past the depth limit as too_deep', () => {
    let body: unknown = TOKEN;
    for (let depth = 0; depth < 200; depth++) body = { next: body };
    expect(findTokenLeaks({ logs: [{ body }] }, [TOKEN])).toEqual([
      expect.objectContaining({ kind: 'undecodable', reason: 'too_deep', offset: -1 }),
    ]);
  });

  it('scans a resource shared by many records once, at the first record holding it', () => {
    const resource = { attributes: { 'service.instance.secret': TOKEN } };
    expect(logPaths([{ resource }, { resource }])).toEqual([
      'logs[0].resource.attributes["service.instance.secret"]',
    ]);
  });

  it('scans trace state, scope fields and byte values', () => {
    const traceState = { serialize: () => `vendor=${TOKEN}` };
    const spans: LeakSpan[] = [
      {
        name: 'ok',
        spanContext: () => ({ traceState }),
        links: [{ context: { traceState }, attributes: { raw: Buffer.from(TOKEN) } }],
        instrumentationScope: { name: 'lib', version: TOKEN, attributes: { [`k-${piece}`]: 1 } },
      },
    ];
    expect(spanPaths(spans)).toEqual([
      'spans[0].links[0].context.traceState',
      'spans[0].links[0].attributes["raw"]',
      'spans[0].spanContext().traceState',
      'spans[0].instrumentationScope.version',
      'spans[0].instrumentationScope.attributes[#0].$key',
    ]);
  });

  it('ignores numbers, booleans, null and undefined values', () => {
    expect(logPaths([{ body: [1, true, null, undefined, 10n ** 40n], attributes: { n: 2 ** 60 } }])).toEqual(
      [],
    );
  });
});
