import { describe, expect, it } from 'vitest';
import { LeakCollector, latin1 } from '../../src/leak-scanner/leak-collector.js';
import { buildNeedles } from '../../src/leak-scanner/leak-needles.js';
import { fieldPath } from '../../src/leak-scanner/leak-path.js';
import { leakToken, lookAlikeToken, partsOf } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
const OTHER = lookAlikeToken();
const { piece } = partsOf(TOKEN);

function collector(): LeakCollector {
  return new LeakCollector(buildNeedles([TOKEN, OTHER]), [TOKEN, OTHER]);
}

describe('LeakCollector', () => {
  it('leaves to a field what the raw scan finds inside it, for the same token only', () => {
    const payload = `{"a":"${TOKEN}","b":"${piece}"}`;
    const leaks = collector();
    leaks.text(fieldPath(undefined, 'a'), TOKEN, 5, 7 + TOKEN.length);
    // Field b was never decoded (as with an unknown field), so the raw scan reports its piece at $.
    leaks.raw(payload);
    expect(leaks.reports.map((report) => [report.path, report.kind === 'leak' && report.start])).toEqual([
      ['a', 0],
      ['$', payload.lastIndexOf(piece)],
    ]);
  });

  it('reports at $ a match reaching past the field that holds its start', () => {
    const payload = `"${TOKEN}"`;
    const leaks = collector();
    leaks.text(fieldPath(undefined, 'a'), TOKEN.slice(0, 40), 1, 41);
    leaks.raw(payload);
    expect(leaks.reports.map((report) => report.path)).toEqual(['a', '$']);
  });

  it('scans bytes as latin1 so offsets are byte offsets', () => {
    const leaks = collector();
    leaks.bytes(fieldPath(undefined, 'blob'), Buffer.from(`\u00e9${OTHER}`));
    expect(leaks.reports).toEqual([expect.objectContaining({ path: 'blob', tokenIndex: 1, start: 2 })]);
    expect(latin1(new Uint8Array([0xff, 0x41]))).toBe('\u00ffA');
  });

  it('records undecodable parts with their path', () => {
    const leaks = collector();
    leaks.undecodable(fieldPath(undefined, 'spans'), 'truncated', 12);
    expect(leaks.reports).toEqual([{ kind: 'undecodable', path: 'spans', reason: 'truncated', offset: 12 }]);
  });
});
