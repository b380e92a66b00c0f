// The printed table of bench/redaction.bench.ts: each row's CPU time per item without and with otel-jwt's
// redaction, the share it adds, and for each target row whether it stays within the 25% target.
import { median } from './report.ts';

const TARGET = 1.25;

/** One paired measurement: median ratio (with / without) and the CPU ns per item of each side. */
export interface Paired {
  readonly ratio: number;
  readonly withNs: number;
  readonly withoutNs: number;
}

export interface ReportRow {
  readonly label: string;
  /** One measurement per round. */
  readonly list: readonly Paired[];
  /** Whether the row is held to the target (PASS/MISS), rather than shown for comparison. */
  readonly target?: boolean;
  readonly note?: string;
}

const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;
const time = (ns: number) => `${(ns / 1000).toFixed(1)} µs`.padStart(9);

function line(row: ReportRow): string {
  const ratio = median(row.list.map((result) => result.ratio));
  const without = median(row.list.map((result) => result.withoutNs));
  const withRedaction = median(row.list.map((result) => result.withNs));
  const points = Math.abs((TARGET - ratio) * 100).toFixed(1);
  const verdict =
    row.target !== true
      ? `  ${row.note ?? ''}`
      : ratio <= TARGET
        ? `  PASS, ${points} points to spare`
        : `  MISS, ${points} points over`;
  const rounds = row.list.map((result) => pct(result.ratio)).join(' ');
  return `  ${row.label.padEnd(46)} ${time(without)} ${time(withRedaction)}  ${pct(ratio).padStart(6)}${verdict}  (rounds ${rounds})`;
}

/** The table, then one line saying whether every target row stays within the target. */
export function reportLines(
  node: string,
  seconds: string,
  rounds: number,
  rows: readonly ReportRow[],
): string {
  const targets = rows.filter((row) => row.target === true);
  const worst = Math.max(...targets.map((row) => median(row.list.map((result) => result.ratio))));
  const missed = targets.filter((row) => median(row.list.map((result) => result.ratio)) > TARGET).length;
  const lines = [
    `\notel-jwt redaction, recommended setup (processors + exporter wrappers) on SDK 3.x (node ${node}, ${seconds} s)`,
    `  span: 20 attributes + 2 events, start to export; log record: emit to export; metrics: collect + export`,
    `  ${''.padEnd(46)}   without      with   added, CPU time per item (median of ${rounds} rounds of paired batches)`,
    ...rows.map(line),
    missed === 0
      ? `  PASS redaction adds at most ${pct(worst)} to each target row (target: at most 25%)`
      : `  MISS ${missed} of ${targets.length} target rows over 25%; the worst adds ${pct(worst)}, ${((worst - TARGET) * 100).toFixed(1)} points over`,
  ];
  return `${lines.join('\n')}\n`;
}
