import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakCollector } from '../../src/leak-scanner/leak-collector.js';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { walkOtlpProtobuf } from '../../src/leak-scanner/otlp-protobuf-walk.js';
import { findTokenLeaks, type LeakReport } from '../../src/testing.js';
import { field, stringAttribute, traceRequest, varint } from '../support/leak-protobuf.js';
import { leakToken, partsOf, recordTelemetry } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const { piece } = partsOf(TOKEN);
const SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';

const scanTraces = (bytes: Uint8Array): readonly LeakReport[] =>
  findTokenLeaks({ otlpProtobuf: bytes, signal: 'traces' }, [TOKEN]);

const leakPaths = (reports: readonly LeakReport[]): string[] =>
  reports.flatMap((report) => (report.kind === 'leak' ? [report.path] : []));

describe('walkOtlpProtobuf by hand-made payloads', () => {
  it('shows an unknown span field by its number and still scans it', () => {
    const reports = scanTraces(traceRequest(field(5, 'GET'), field(99, `x${TOKEN}`)));
    expect(leakPaths(reports)).toEqual([`${SPAN}.#99`]);
  });

  it('shows nested key-value lists and arrays under their keys and indexes', () => {
    const kvlist = field(
      6,
      field(1, field(1, 'inner'), field(2, field(5, field(1, field(1, 'a')), field(1, field(1, TOKEN))))),
    );
    const reports = scanTraces(traceRequest(field(9, field(1, 'outer'), field(2, kvlist))));
    expect(leakPaths(reports)).toEqual([`${SPAN}.attributes["outer"]["inner"][1]`]);
  });

  it('reads a key written after its value', () => {
    const reports = scanTraces(traceRequest(field(9, field(2, field(1, TOKEN)), field(1, 'late.key'))));
    expect(leakPaths(reports)).toEqual([`${SPAN}.attributes["late.key"]`]);
  });

  it('withholds a key holding token material and points at the key itself', () => {
    const reports = scanTraces(traceRequest(stringAttribute(9, `k-${piece}`, 'v')));
    expect(leakPaths(reports)).toEqual([`${SPAN}.attributes[#0].key`]);
  });

  it('reports a span nested past the depth limit as too_deep without recursing further', () => {
    let value = field(1, TOKEN);
    for (let depth = 0; depth < 5000; depth++) value = field(5, field(1, value));
    const started = performance.now();
    const reports = scanTraces(traceRequest(field(9, field(1, 'deep'), field(2, value))));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reports).toContainEqual(expect.objectContaining({ kind: 'undecodable', reason: 'too_deep' }));
    // The raw scan still sees the token below the limit.
    expect(reports).toContainEqual(expect.objectContaining({ kind: 'leak', path: '$', match: 'token' }));
  });

  it('reports a malformed span where it stops and scans the rest of the request', () => {
    const broken = field(2, Buffer.from([0x0f]));
    const reports = scanTraces(Buffer.concat([field(1, field(2, broken)), field(1, field(3, TOKEN))]));
    expect(reports).toEqual([
      {
        kind: 'undecodable',
        path: 'resourceSpans[0].scopeSpans[0].spans[0]',
        reason: 'malformed',
        offset: 6,
      },
      expect.objectContaining({ kind: 'leak', path: 'resourceSpans[1].schemaUrl', match: 'token' }),
    ]);
  });

  it('reports a length past the end as truncated and still finds the token in the raw bytes', () => {
    const cut = Buffer.concat([varint(10), varint(5000), Buffer.from(`..${TOKEN}..`)]);
    expect(scanTraces(cut)).toEqual([
      { kind: 'undecodable', path: '$', reason: 'truncated', offset: 0 },
      expect.objectContaining({ kind: 'leak', path: '$', start: 5, match: 'token' }),
    ]);
  });

  it('scans a logs request given as traces without failing', () => {
    const logs = field(1, field(2, field(2, field(5, field(1, TOKEN)))));
    // The log body (field 5) lands in the span's name (field 5), whose bytes still hold the token.
    expect(leakPaths(scanTraces(logs))).toEqual([`${SPAN}.name`]);
  });
});

describe('walkOtlpProtobuf on damaged real payloads', () => {
  let payload: Uint8Array;

  beforeAll(async () => {
    const serialized = ProtobufTraceSerializer.serializeRequest((await recordTelemetry(TOKEN)).spans);
    if (serialized === undefined) throw new Error('no payload');
    payload = serialized;
  });

  it('never throws on truncation anywhere and reports each cut payload as undecodable', () => {
    const needles = buildNeedles([TOKEN]);
    // Every cut in the first 300 bytes (all the framing of the request), then every 7th.
    for (let length = 0; length < payload.length; length += length < 300 ? 1 : 7) {
      const collector = new LeakCollector(needles, [TOKEN]);
      walkOtlpProtobuf(payload.subarray(0, length), 'traces', collector);
      const reports = collector.reports;
      const undecodable = reports.filter((report) => report.kind === 'undecodable');
      if (length > 0 && undecodable.length === 0) {
        // A cut between two top-level fields decodes: the part before is a valid request.
        expect(payload[length]).toBe(0x0a);
      }
    }
  });

  it('never throws on random byte flips and keeps finding the token', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        (at, values) => {
          const damaged = Uint8Array.from(payload);
          for (const [index, position] of at.entries())
            damaged[position % damaged.length] = values[index] ?? 0;
          const reports = scanTraces(damaged);
          expect(reports.some((report) => report.kind === 'leak')).toBe(true);
        },
      ),
    );
  });

  it('never throws on garbage bytes of any signal', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('traces', 'logs', 'metrics'),
        (bytes, signal) => {
          expect(Array.isArray(findTokenLeaks({ otlpProtobuf: bytes, signal }, [TOKEN]))).toBe(true);
        },
      ),
    );
  });
});
