// Measurement rounds, aggregation and the printed table for bench/telemetry.bench.ts.
import { bench, do_not_optimize, run } from 'mitata';
import { median, ns, ratio } from './report.ts';

/**
 * What is measured, per request: (s) the stock W3C trace-context + baggage extract, (h) the JWT
 * propagator's extract with a repeated token (verified-cache hit; (hFull) first hop only, with the
 * cache full of other tokens, as the miss cases leave it), (m) the same with a new token each
 * time (cache miss), (p) the span processor's onStart on the entry span; each for a first hop and for a
 * mid-chain hop (a valid subject proof in baggage). (v) is the verifier's own uncached verify of such a
 * new token, the part of (m) no extract can avoid. Also the inject to a trusted destination: (iStock)
 * the stock inject, (iJwt) node:http's outgoing span hook plus the JWT propagator's inject (adds the
 * proof), (iFetch) the same with instrumentation-undici's two hooks, (iGrpc) the gRPC client options'
 * transformer, which runs the stock inject and the JWT inject once more with the channel's destination.
 */
export const KINDS = [
  's',
  'sMid',
  'hFirst',
  'hMid',
  'hFull',
  'mFirst',
  'mMid',
  'v',
  'pFirst',
  'pMid',
  'iStock',
  'iJwt',
  'iFetch',
  'iGrpc',
] as const;
export type Kind = (typeof KINDS)[number];

/** Per-round median ns/op of each kind. */
export class Rounds {
  private readonly cells = new Map<Kind, number[]>();

  add(kind: Kind, round: number, value: number): void {
    const list = this.cells.get(kind) ?? [];
    list[round] = value;
    this.cells.set(kind, list);
  }

  get(kind: Kind): number[] {
    const list = this.cells.get(kind);
    if (list === undefined || list.length === 0) throw new Error(`no results for ${kind}`);
    return list;
  }

  median(kind: Kind): number {
    return median(this.get(kind));
  }

  /** Per round, the sum of two kinds (measured in the same round). */
  sum(a: Kind, b: Kind): number[] {
    const second = this.get(b);
    return this.get(a).map((value, i) => value + (second[i] as number));
  }
}

/** One measured case: `run` is timed, `arg` makes each call's argument, untimed. */
export interface Case {
  run(arg: never): unknown;
  arg(): unknown;
}

/**
 * Registers every case once per round (in alternating order, so that no measurement always follows the
 * same neighbour) and runs them all in one mitata run. mitata batches calls under ~65 µs, each batch with
 * arguments made beforehand; heap statistics are off (not reported, and costly to sample).
 */
export async function measureRounds(cases: Readonly<Record<Kind, Case>>, count: number): Promise<Rounds> {
  const kindByName = new Map<string, readonly [Kind, number]>();
  for (let round = 0; round < count; round++) {
    for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
      const { run: fn, arg } = cases[kind];
      kindByName.set(`${kind} #${round}`, [kind, round]);
      bench(`${kind} #${round}`, function* () {
        yield { heap: false, 0: arg, bench: (value: unknown) => do_not_optimize(fn(value as never)) };
      });
    }
  }
  let done = 0;
  const { benchmarks } = await run({
    format: 'quiet',
    throw: true,
    observe: (trial) => {
      if (++done % 10 === 0 || done === kindByName.size)
        process.stderr.write(`  ${done}/${kindByName.size} measured\n`);
      return trial;
    },
  });
  const rounds = new Rounds();
  for (const trial of benchmarks) {
    const meta = kindByName.get(trial.alias);
    const stats = trial.runs[0]?.stats;
    if (meta === undefined || stats === undefined) throw new Error(`unexpected mitata trial ${trial.alias}`);
    rounds.add(meta[0], meta[1], stats.p50);
    if (process.env.BENCH_VERBOSE === '1') console.log(`  ${trial.alias.padEnd(12)} ${ns(stats.p50)} ns/op`);
  }
  return rounds;
}

const cell = (value: number, digits?: number): string =>
  Number.isNaN(value) ? '-' : digits === undefined ? ns(value) : value.toFixed(digits);

export function reportLines(r: Rounds): string[] {
  const s = r.get('s');
  const sMid = r.get('sMid');
  const hpFirst = r.sum('hFirst', 'pFirst');
  const hpMid = r.sum('hMid', 'pMid');
  const hpFull = r.sum('hFull', 'pFirst');
  const mpFirst = r.sum('mFirst', 'pFirst');
  const mpMid = r.sum('mMid', 'pMid');
  const row = (label: string, first: number, mid: number, digits?: number, note = ''): string =>
    `${label.padEnd(42)} ${cell(first, digits).padStart(10)} ${cell(mid, digits).padStart(11)}${note}`;
  const lines = [
    `${''.padEnd(42)} ${'first hop'.padStart(10)} ${'mid-chain'.padStart(11)}`,
    row(
      '(s) stock extract (trace ctx + baggage)',
      r.median('s'),
      r.median('sMid'),
      undefined,
      '   mid: as the first hop sent it',
    ),
    row('(h) jwt extract, repeated token (hit)', r.median('hFirst'), r.median('hMid')),
    row('(h) the same, 10,000 other tokens cached', r.median('hFull'), Number.NaN),
    row('(m) jwt extract, new token (miss)', r.median('mFirst'), r.median('mMid')),
    row('(v) the verifier alone, new token (uncached)', r.median('v'), Number.NaN),
    row('(m) / (v)', ratio(r.get('mFirst'), r.get('v')), ratio(r.get('mMid'), r.get('v')), 2),
    row('(p) span processor onStart (entry span)', r.median('pFirst'), r.median('pMid')),
    row('(h + p)', median(hpFirst), median(hpMid)),
    row('(m + p)', median(mpFirst), median(mpMid)),
    row('(h + p) / s', ratio(hpFirst, s), ratio(hpMid, s), 2),
    row('(h + p) / (s of the same request)', ratio(hpFirst, s), ratio(hpMid, sMid), 2),
    row('(h + p) / s, 10,000 other tokens cached', ratio(hpFull, s), Number.NaN, 2),
    row('(m + p) / s', ratio(mpFirst, s), ratio(mpMid, s), 2),
    '',
    `inject to a trusted destination (first hop), stock inject ${ns(r.median('iStock'))} ns; what otel-jwt adds (the proof included), and its ratio to the stock inject:`,
    ...(
      [
        ['node:http', 'iJwt', 'outgoing span hook + JWT inject'],
        ['fetch', 'iFetch', 'undici hooks + JWT inject'],
        ['gRPC', 'iGrpc', 'client transformer: stock + JWT inject again'],
      ] as const
    ).map(
      ([client, kind, what]) =>
        `  ${client.padEnd(10)} ${ns(r.median(kind)).padStart(8)} ns  ${ratio(r.get(kind), r.get('iStock')).toFixed(2).padStart(5)}x  (${what})`,
    ),
  ];
  return lines;
}
