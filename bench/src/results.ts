// What the HTTP benchmark measured, per token kind, configuration and round.
import type { BenchAlg } from './idp.ts';
import type { LoadResult } from './load.ts';
import type { Variant } from './protocol.ts';

export type TokenMode = 'repeated' | 'distinct';

export interface TokenKind {
  readonly alg: BenchAlg;
  readonly mode: TokenMode;
}

export const TOKEN_KINDS: readonly TokenKind[] = [
  { alg: 'ES256', mode: 'repeated' },
  { alg: 'ES256', mode: 'distinct' },
  { alg: 'RS256', mode: 'repeated' },
  { alg: 'RS256', mode: 'distinct' },
];

export function kindLabel(kind: TokenKind): string {
  return `${kind.alg}, ${kind.mode === 'repeated' ? 'repeated token (cache hits)' : 'distinct tokens (cache misses)'}`;
}

export interface RunRecord extends LoadResult {
  /** Requests of C that got a token again because the pool ran out (0 when the stream stayed distinct). */
  readonly reusedTokens: number;
  /** CPU time of the service process (all its threads) per request served, in microseconds. */
  readonly cpuUsPerRequest: number;
}

export class Results {
  private readonly runs = new Map<string, RunRecord[]>();

  add(kind: TokenKind, variant: Variant, round: number, record: RunRecord): void {
    const key = keyOf(kind, variant);
    const list = this.runs.get(key) ?? [];
    list[round] = record;
    this.runs.set(key, list);
  }

  /** Runs of one kind and configuration, by round (empty while none ran). */
  of(kind: TokenKind, variant: Variant): RunRecord[] {
    return this.runs.get(keyOf(kind, variant)) ?? [];
  }
}

function keyOf(kind: TokenKind, variant: Variant): string {
  return `${kind.alg}/${kind.mode}/${variant}`;
}
