// The printed tables of the HTTP benchmark and its closing note.
import { VARIANTS, type Variant } from './protocol.ts';
import { kindLabel, type Results, type RunRecord, type TokenKind } from './results.ts';
import { median, roundRatios } from './stats.ts';
import { checkTargets, targetLine } from './targets.ts';

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const row = (label: string, cells: readonly string[]) =>
  label.padEnd(14) + cells.map((c) => c.padStart(10)).join('');

export function reportLines(results: Results, kinds: readonly TokenKind[]): string[] {
  const out: string[] = [];
  for (const kind of kinds) out.push('', ...kindTable(results, kind));
  const checks = checkTargets(results, kinds);
  out.push('', 'Targets (median of per-round ratios):', ...checks.map(targetLine));
  out.push(
    '',
    ...closingNote(
      results,
      kinds,
      checks.some((t) => !t.met),
    ),
  );
  return out;
}

function kindTable(results: Results, kind: TokenKind): string[] {
  const runs = VARIANTS.map((v) => results.of(kind, v));
  const cells = (pick: (r: RunRecord) => number, fmt: (v: number) => string) =>
    runs.map((list) => fmt(median(list.map(pick))));
  const [b, c, d] = [runs[1] ?? [], runs[2] ?? [], runs[3] ?? []];
  const ratio = (rounds: number[]) =>
    `${median(rounds).toFixed(3)} (rounds ${rounds.map((r) => r.toFixed(3)).join(' ')})`;
  const rps = (list: RunRecord[]) => list.map((r) => r.rps);
  const cpu = (list: RunRecord[]) => list.map((r) => r.cpuUsPerRequest);
  const out = [
    `${kindLabel(kind)}: medians over ${b.length} rounds`,
    row('', VARIANTS),
    row(
      'req/s',
      cells((r) => r.rps, int),
    ),
    row(
      'p50 ms',
      cells((r) => r.p50, ms),
    ),
    row(
      'p99 ms',
      cells((r) => r.p99, ms),
    ),
    row(
      'CPU µs/req',
      cells((r) => r.cpuUsPerRequest, int),
    ),
    `C/B req/s ${ratio(roundRatios(rps(c), rps(b)))}   C/D req/s ${ratio(roundRatios(rps(c), rps(d)))}`,
    // Requests per CPU-second of the service process: what a CPU-limited service can serve.
    `C/D requests per CPU-second ${ratio(roundRatios(cpu(d), cpu(c)))}`,
  ];
  const reused = c.reduce((sum, r) => sum + r.reusedTokens, 0);
  if (kind.mode === 'distinct' && reused > 0) {
    out.push(`note: the token pool ran out; ${reused} requests of C sent a token again (cache hits)`);
  }
  const failures = runs.flat().reduce((sum, r) => sum + r.failures, 0);
  if (failures > 0) out.push(`WARNING: ${failures} failed or refused requests in these runs`);
  return out;
}

/** Event-loop time per request, from the request rate: the service serves one request at a time. */
function loopUs(results: Results, kind: TokenKind, variant: Variant): number {
  return 1e6 / median(results.of(kind, variant).map((r) => r.rps));
}

function cpuUs(results: Results, kind: TokenKind, variant: Variant): number {
  return median(results.of(kind, variant).map((r) => r.cpuUsPerRequest));
}

function closingNote(results: Results, kinds: readonly TokenKind[], missed: boolean): string[] {
  const lines = ['Closing note:'];
  for (const kind of kinds) {
    const [b, c, d] = (['B', 'C', 'D'] as const).map((v) => loopUs(results, kind, v)) as [
      number,
      number,
      number,
    ];
    const [cb, cc, cd] = (['B', 'C', 'D'] as const).map((v) => cpuUs(results, kind, v)) as [
      number,
      number,
      number,
    ];
    lines.push(
      `- ${kindLabel(kind)}: 1/(req/s) is ${b.toFixed(0)} µs in B, ${c.toFixed(0)} µs in C (+${(c - b).toFixed(1)} µs; 5 % of B is ${(b * 0.05).toFixed(1)} µs), ${d.toFixed(0)} µs in D; CPU per request ${cb.toFixed(0)} / ${cc.toFixed(0)} / ${cd.toFixed(0)} µs (B / C / D).`,
    );
  }
  lines.push(
    '- What C adds with a repeated token: the JWT extract on a verified-cache hit (token source, cache',
    '  lookup, baggage trust boundary, a new context), onStart copying its attributes onto the server span,',
    '  onEnding scrubbing every span for token material, and the garbage all of it leaves. With 10',
    '  connections in a closed loop, latency is about ten service times, so p50 and p99 follow 1/(req/s).',
    "- What C adds per new token: the admission step's parse and its signature check on libuv's thread",
    "  pool (node:crypto), as D's jose.jwtVerify runs its WebCrypto check there; then, on the event loop,",
    '  deriving the identity once (keyed pseudonym, subject digest, token-material checks of the claims) and',
    "  remembering the token's fingerprints for redaction. The CPU per request (all threads of the service)",
    '  shows the work each does.',
    '- BENCH_CPU_PROF_DIR=<dir> writes a CPU profile of every service process, to see which of these limits.',
    '- A is bound by the load generator (autocannon shares the 2 cores with the service), not by the server.',
    '- Absolute figures move by up to 1.5-1.9x between runs on this machine; compare ratios within one run.',
  );
  if (missed) lines.push('- A target above is MISSED; its line says by how much.');
  return lines;
}
