// Aggregation of mitata results and the printed table for bench/verify.bench.ts.
import type { BenchAlg } from './fixtures.ts';

/**
 * What is measured: (a) uncached, (b) cache hit with a fresh string, (b') same string, (c) jose, (d) floor,
 * (f) fast-jwt uncached, (f') fast-jwt's cache hit with a fresh string.
 */
export type Kind = 'a' | 'b' | 'bSame' | 'c' | 'd' | 'f' | 'fHit';

export interface Meta {
  readonly alg: BenchAlg;
  readonly kind: Kind;
  readonly round: number;
  /** Floor variant label (kind 'd' only). */
  readonly variant?: string;
}

/** Per-round median ns/op, by alg, kind and (for floors) variant. */
export class Results {
  private readonly cells = new Map<string, number[]>();

  add(meta: Meta, ns: number): void {
    const key = cellKey(meta.alg, meta.kind, meta.variant);
    const list = this.cells.get(key) ?? [];
    list[meta.round] = ns;
    this.cells.set(key, list);
  }

  rounds(alg: BenchAlg, kind: Kind, variant?: string): number[] {
    const list = this.cells.get(cellKey(alg, kind, variant));
    if (list === undefined || list.length === 0)
      throw new Error(`no results for ${alg} ${kind} ${variant ?? ''}`);
    return list;
  }
}

function cellKey(alg: string, kind: string, variant: string | undefined): string {
  return `${alg}\u0000${kind}\u0000${variant ?? ''}`;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median over rounds of a per-round ratio: ratios within one round, measured close in time, hold best. */
export function ratio(num: readonly number[], den: readonly number[]): number {
  return median(num.map((n, i) => n / (den[i] as number)));
}

export const ns = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
const x = (value: number): string => `${value.toFixed(value >= 10 ? 0 : 2)}x`;
const pad = (text: string, width: number): string => text.padStart(width);

export interface Row {
  readonly alg: BenchAlg;
  readonly a: number;
  readonly b: number;
  readonly bSame: number;
  readonly c: number;
  readonly d: number;
  readonly aOverD: number;
  /** (a)/(d) of each round, to show how much the machine moved during the run. */
  readonly aOverDRounds: readonly number[];
  readonly bOverA: number;
  readonly aOverC: number;
  readonly floorLabel: string;
  readonly floorVariants: ReadonlyArray<readonly [string, number]>;
}

/** The row of one algorithm, from its per-round medians; the floor of a round is its cheapest variant. */
export function rowOf(results: Results, alg: BenchAlg, floorLabels: readonly string[], rounds: number): Row {
  const variants = floorLabels.map((label) => [label, results.rounds(alg, 'd', label)] as const);
  const d = Array.from({ length: rounds }, (_, i) => Math.min(...variants.map(([, v]) => v[i] as number)));
  const variantMedians = variants.map(([label, v]) => [label, median(v)] as const);
  const cheapest = variantMedians.reduce((best, v) => (v[1] < best[1] ? v : best));
  const a = results.rounds(alg, 'a');
  const b = results.rounds(alg, 'b');
  const c = results.rounds(alg, 'c');
  return {
    alg,
    a: median(a),
    b: median(b),
    bSame: median(results.rounds(alg, 'bSame')),
    c: median(c),
    d: median(d),
    aOverD: ratio(a, d),
    aOverDRounds: a.map((value, i) => value / (d[i] as number)),
    bOverA: ratio(b, a),
    aOverC: ratio(a, c),
    floorLabel: cheapest[0],
    floorVariants: variantMedians,
  };
}

export function tableLines(rows: readonly Row[]): string[] {
  const head = [
    'alg',
    '(a) uncached',
    '(b) hit',
    "(b') hit same",
    '(c) jose',
    '(d) floor',
    'a/d',
    'b/a',
    'a/c',
  ];
  const widths = [6, 13, 9, 14, 10, 10, 6, 8, 6];
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[0] as number) : pad(cell, widths[i] as number)))
      .join(' ');
  const out = [line(head)];
  for (const r of rows) {
    out.push(
      line([
        r.alg,
        ns(r.a),
        ns(r.b),
        ns(r.bSame),
        ns(r.c),
        ns(r.d),
        r.aOverD.toFixed(2),
        r.bOverA.toFixed(4),
        r.aOverC.toFixed(2),
      ]),
    );
  }
  out.push('');
  out.push('floor variants (ns/op; the cheapest correct one is (d)):');
  for (const r of rows) {
    const parts = r.floorVariants.map(
      ([label, value]) => `${label} ${ns(value)}${label === r.floorLabel ? ' *' : ''}`,
    );
    out.push(`  ${r.alg.padEnd(6)} ${parts.join(' | ')}`);
  }
  out.push('');
  out.push('(a)/(d) in each round:');
  for (const r of rows)
    out.push(`  ${r.alg.padEnd(6)} ${r.aOverDRounds.map((v) => v.toFixed(2)).join('  ')}`);
  return out;
}

export interface Verdict {
  readonly line: string;
  readonly pass: boolean;
}

export function targetLines(rows: readonly Row[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const r of rows) {
    // The target is for asymmetric algorithms: an HMAC check (~3 us) is cheaper than any token parsing.
    if (r.alg === 'HS256') continue;
    const pass = r.aOverD <= 1.3;
    const by = pass ? `${(1.3 - r.aOverD).toFixed(2)} to spare` : `over by ${(r.aOverD - 1.3).toFixed(2)}`;
    verdicts.push({ pass, line: `(a)/(d) <= 1.3   ${r.alg.padEnd(6)} ${r.aOverD.toFixed(2)}  ${by}` });
  }
  for (const r of rows) {
    const pass = r.aOverC < 1;
    const by = pass ? `jose takes ${x(1 / r.aOverC)} as long` : `(a) is ${x(r.aOverC)} jose's time`;
    verdicts.push({ pass, line: `(a) < (c)        ${r.alg.padEnd(6)} ${ns(r.a)} vs ${ns(r.c)} ns  ${by}` });
  }
  const es = rows.find((r) => r.alg === 'ES256');
  if (es !== undefined) {
    for (const r of rows) {
      const speedup = es.a / r.b;
      const pass = speedup >= 20;
      const by = pass ? `${x(speedup / 20)} the required 20x` : `short by ${x(20 / speedup)}`;
      verdicts.push({
        pass,
        line: `(b) >= 20x faster than ES256 (a)   ${r.alg.padEnd(6)} hit ${ns(r.b)} ns: ${x(speedup)} (${by})`,
      });
    }
  }
  return verdicts.map((v) => ({ ...v, line: `${v.pass ? 'MET ' : 'MISS'}  ${v.line}` }));
}
