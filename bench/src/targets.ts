// The targets, checked on per-round ratios, with the margin by which each is met or missed.
import { kindLabel, type Results, type TokenKind } from './results.ts';
import { median, roundRatios } from './stats.ts';

export interface TargetCheck {
  readonly kind: TokenKind;
  readonly label: string;
  /** Median over rounds of the per-round ratio. */
  readonly value: number;
  readonly rounds: readonly number[];
  readonly bound: number;
  readonly atLeast: boolean;
  readonly met: boolean;
}

export function checkTargets(results: Results, kinds: readonly TokenKind[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const kind of kinds) {
    const [b, c, d] = (['B', 'C', 'D'] as const).map((v) => results.of(kind, v));
    if (b === undefined || c === undefined || d === undefined || c.length === 0) continue;
    const rps = (runs: typeof b) => runs.map((r) => r.rps);
    const p99 = (runs: typeof b) => runs.map((r) => r.p99);
    if (kind.mode === 'repeated') {
      checks.push(check(kind, 'C/B req/s', roundRatios(rps(c), rps(b)), 0.95, true));
      checks.push(check(kind, 'C/B p99 latency', roundRatios(p99(c), p99(b)), 1.1, false));
    } else {
      // With the admission step, new tokens are verified off the event loop, as D's WebCrypto is.
      checks.push(check(kind, 'C/D req/s', roundRatios(rps(c), rps(d)), 1.2, true));
    }
  }
  return checks;
}

function check(
  kind: TokenKind,
  label: string,
  rounds: number[],
  bound: number,
  atLeast: boolean,
): TargetCheck {
  const value = median(rounds);
  return { kind, label, value, rounds, bound, atLeast, met: atLeast ? value >= bound : value <= bound };
}

/** One line per target: the value, the rounds, and by how much it is met or missed. */
export function targetLine(t: TargetCheck): string {
  const op = t.atLeast ? '>=' : '<=';
  const gap = Math.abs(t.value - t.bound);
  const relative = ((gap / t.bound) * 100).toFixed(1);
  const verdict = t.met
    ? `met, ${gap.toFixed(3)} to spare`
    : `MISSED by ${gap.toFixed(3)} (${relative} % of the target)`;
  const rounds = t.rounds.map((r) => r.toFixed(3)).join(' ');
  return `${kindLabel(t.kind)}: ${t.label} ${t.value.toFixed(3)} (rounds ${rounds}), target ${op} ${t.bound}: ${verdict}`;
}
