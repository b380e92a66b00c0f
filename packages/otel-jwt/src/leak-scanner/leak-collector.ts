import type { Needles } from './leak-needles.js';
import { formatPath, keyPrinter, type LeakPath } from './leak-path.js';
import type { LeakReport, TextHit, UndecodableReason } from './leak-report.js';
import { scanText } from './leak-text-scan.js';

/** What the walkers of telemetry call for every value they decode. */
export interface LeakSink {
  /**
   * Scans a string at `path`. `start`/`end` locate its encoding in the payload (when there is one), so
   * the raw scan of the payload knows the match was already reported here.
   */
  text(path: LeakPath | undefined, value: string, start?: number, end?: number): void;
  /** Scans bytes at `path`, each byte as one character (latin1), so ASCII token material matches. */
  bytes(path: LeakPath | undefined, value: Uint8Array, start?: number, end?: number): void;
  undecodable(path: LeakPath | undefined, reason: UndecodableReason, offset: number): void;
}

/** A decoded field of the payload where token material was reported. */
interface Covered {
  readonly start: number;
  readonly end: number;
  readonly tokens: ReadonlySet<number>;
}

/** Bytes as a latin1 string: one character per byte, so offsets stay byte offsets. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Collects the reports of one scan. */
export class LeakCollector implements LeakSink {
  readonly #needles: Needles;
  readonly #printable: (key: string) => boolean;
  readonly #reports: LeakReport[] = [];
  readonly #covered: Covered[] = [];

  constructor(needles: Needles, tokens: readonly string[]) {
    this.#needles = needles;
    this.#printable = keyPrinter(needles, tokens);
  }

  get reports(): readonly LeakReport[] {
    return this.#reports;
  }

  text(path: LeakPath | undefined, value: string, start = -1, end = -1): void {
    const hits = scanText(value, this.#needles);
    if (hits.length === 0) return;
    this.#add(formatPath(path, this.#printable), hits);
    if (start >= 0) this.#covered.push({ start, end, tokens: new Set(hits.map((hit) => hit.tokenIndex)) });
  }

  bytes(path: LeakPath | undefined, value: Uint8Array, start = -1, end = -1): void {
    this.text(path, latin1(value), start, end);
  }

  undecodable(path: LeakPath | undefined, reason: UndecodableReason, offset: number): void {
    this.#reports.push({ kind: 'undecodable', path: formatPath(path, this.#printable), reason, offset });
  }

  /**
   * Scans the payload as a whole (JSON text, or protobuf bytes as latin1) and reports, with path `$`,
   * what no decoded field already reported: matches in unknown or undecodable parts, or across fields.
   */
  raw(payload: string): void {
    const covered = this.#covered.sort((a, b) => a.start - b.start);
    const hits = scanText(payload, this.#needles).filter((hit) => !isCovered(covered, hit));
    if (hits.length > 0) this.#add('$', hits);
  }

  #add(path: string, hits: readonly TextHit[]): void {
    for (const hit of hits) this.#reports.push({ kind: 'leak', path, ...hit });
  }
}

/** Whether a field that reported the same token holds the whole match. Fields never overlap. */
function isCovered(covered: readonly Covered[], hit: TextHit): boolean {
  let low = 0;
  let high = covered.length - 1;
  let found: Covered | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const field = covered[middle];
    if (field === undefined) break;
    if (field.start <= hit.start) {
      found = field;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found !== undefined && hit.end <= found.end && found.tokens.has(hit.tokenIndex);
}
