// The targets of bench/telemetry.bench.ts, each measured as a paired ratio (paired.ts: alternating
// batches of the two sides, the median of the per-pair ratios), and their MET/MISS lines.
import { pairedRatio, type Side } from './paired.ts';
import { median } from './report.ts';
import type { Rounds } from './telemetry-report.ts';

export const CLIENTS = ['node:http', 'fetch', 'gRPC'] as const;
export type Client = (typeof CLIENTS)[number];

/** Extract and onStart with a repeated token, at most the stock extract of the first hop's request. */
export const FIRST_HOP_TARGET = 1;
/** Mid-chain (checking the upstream proofs), at most 1.5 times the stock extract of the same request. */
export const MID_CHAIN_TARGET = 1.5;
/** Extract with a new token, at most 1.25 times the verifier's uncached verify of such a token. */
export const NEW_TOKEN_TARGET = 1.25;
/** Inject to a trusted destination (what otel-jwt adds, the proofs included), at most 3 times the stock inject. */
export const INJECT_TARGET = 3;

/** The two sides of each target. */
export interface TargetSides {
  readonly firstHop: readonly [Side<unknown>, Side<unknown>];
  readonly midChain: readonly [Side<unknown>, Side<unknown>];
  readonly newToken: readonly [Side<unknown>, Side<unknown>];
  readonly inject: Readonly<Record<Client, readonly [Side<unknown>, Side<unknown>]>>;
}

/** Paired ratios, one per round, by target. */
export interface PairedRatios {
  readonly firstHop: number[];
  readonly midChain: number[];
  readonly newToken: number[];
  readonly inject: Record<Client, number[]>;
}

/** Batches: about a millisecond of the slowest side (a new token costs an ES256 verification). */
const BATCH = { firstHop: 32, midChain: 32, newToken: 8, inject: 32 } as const;

export function measureTargets(sides: TargetSides, rounds: number, budgetMs: number): PairedRatios {
  const out: PairedRatios = {
    firstHop: [],
    midChain: [],
    newToken: [],
    inject: { 'node:http': [], fetch: [], gRPC: [] },
  };
  const pair = ([num, den]: readonly [Side<unknown>, Side<unknown>], batch: number) =>
    pairedRatio(num, den, budgetMs, batch);
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`  paired targets, round ${round + 1} of ${rounds}\n`);
    out.firstHop.push(pair(sides.firstHop, BATCH.firstHop));
    out.midChain.push(pair(sides.midChain, BATCH.midChain));
    out.newToken.push(pair(sides.newToken, BATCH.newToken));
    for (const client of CLIENTS) out.inject[client].push(pair(sides.inject[client], BATCH.inject));
  }
  return out;
}

export interface Verdict {
  readonly line: string;
  readonly pass: boolean;
}

function verdict(what: string, target: number, paired: readonly number[], note: string): Verdict {
  const value = median(paired);
  const pass = value <= target;
  const by = pass
    ? `${(target - value).toFixed(2)} to spare`
    : `over by ${(value - target).toFixed(2)} (${(((value - target) / target) * 100).toFixed(0)}% of the target)`;
  const rounds = paired.map((v) => v.toFixed(2)).join(' ');
  return {
    pass,
    line: `${pass ? 'MET ' : 'MISS'}  ${what.padEnd(48)} <= ${String(target).padEnd(4)} ${value.toFixed(2)}  ${by}  (rounds: ${rounds}; ${note})`,
  };
}

/** The verdicts (paired ratios), each with the same ratio from the per-case medians for comparison. */
export function targetVerdicts(r: Rounds, paired: PairedRatios): Verdict[] {
  const fromMedians = (num: number, den: number) => `from the medians: ${(num / den).toFixed(2)}`;
  const injectKind = { 'node:http': 'iJwt', fetch: 'iFetch', gRPC: 'iGrpc' } as const;
  return [
    verdict(
      '(h + p) / s, first hop',
      FIRST_HOP_TARGET,
      paired.firstHop,
      fromMedians(r.median('hFirst') + r.median('pFirst'), r.median('s')),
    ),
    verdict(
      '(h + p) / s, mid-chain (s of the same request)',
      MID_CHAIN_TARGET,
      paired.midChain,
      fromMedians(r.median('hMid') + r.median('pMid'), r.median('sMid')),
    ),
    verdict(
      '(m) / (v), new token, ES256',
      NEW_TOKEN_TARGET,
      paired.newToken,
      fromMedians(r.median('mFirst'), r.median('v')),
    ),
    ...CLIENTS.map((client) =>
      verdict(
        `inject to a trusted destination / stock, ${client}`,
        INJECT_TARGET,
        paired.inject[client],
        fromMedians(r.median(injectKind[client]), r.median('iStock')),
      ),
    ),
  ];
}
