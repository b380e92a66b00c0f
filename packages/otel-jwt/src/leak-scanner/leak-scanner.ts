import { LeakCollector } from './leak-collector.js';
import { type LeakLogRecord, type LeakSpan, walkLogs, walkSpans } from './leak-memory-walk.js';
import { buildNeedles, LEAK_WINDOW, type Needles } from './leak-needles.js';
import type { LeakReport } from './leak-report.js';
import { walkOtlpJson } from './otlp-json-walk.js';
import { isProtobufSignal, type ProtobufSignal, walkOtlpProtobuf } from './otlp-protobuf-walk.js';

/**
 * Telemetry to scan, as exported or as held in memory:
 * - `otlpJson`: an OTLP/HTTP JSON body of any signal (text, or its UTF-8 bytes);
 * - `otlpProtobuf`: an OTLP protobuf `ExportTraceServiceRequest` (`signal: 'traces'`),
 *   `ExportLogsServiceRequest` (`signal: 'logs'`) or `ExportMetricsServiceRequest` (`signal: 'metrics'`);
 * - `spans`: SDK `ReadableSpan`s, e.g. from `InMemorySpanExporter.getFinishedSpans()`;
 * - `logs`: SDK `ReadableLogRecord`s, e.g. from `InMemoryLogRecordExporter.getFinishedLogRecords()`;
 * - `text`: any other text (captured console or diagnostic output), reported with path `$`.
 */
export type LeakTelemetry =
  | { readonly otlpJson: string | Uint8Array }
  | { readonly otlpProtobuf: Uint8Array; readonly signal: ProtobufSignal }
  | { readonly spans: readonly LeakSpan[] }
  | { readonly logs: readonly LeakLogRecord[] }
  | { readonly text: string };

/** The index of a token list, made once by {@link createLeakScanner} and used by every scan. */
export interface LeakScanner {
  /**
   * What {@link findTokenLeaks} reports for `telemetry` and the scanner's tokens, without building
   * their index again. Same reports, same order, same `TypeError` for telemetry of no known form.
   */
  scan(telemetry: LeakTelemetry): readonly LeakReport[];
}

const badTokens = (caller: string): string =>
  `${caller}: tokens must be a non-empty array of strings of 16 or more characters`;
const badTelemetry = (caller: string): string =>
  `${caller}: telemetry must be { otlpJson }, { otlpProtobuf, signal: "traces" | "logs" | "metrics" }, { spans }, { logs } or { text }`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Decodes what the caller gave as bytes without failing on bad UTF-8 (a leak may sit next to it).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The index of `tokens` (copied, so changing the caller's array later changes nothing). */
function leakIndex(
  tokens: readonly string[],
  caller: string,
): { needles: Needles; tokens: readonly string[] } {
  if (
    !Array.isArray(tokens) ||
    tokens.length === 0 ||
    !tokens.every((token) => typeof token === 'string' && token.length >= LEAK_WINDOW)
  ) {
    throw new TypeError(badTokens(caller));
  }
  const copy = [...tokens];
  return { needles: buildNeedles(copy), tokens: copy };
}

function scanWith(
  index: { needles: Needles; tokens: readonly string[] },
  telemetry: LeakTelemetry,
  caller: string,
): readonly LeakReport[] {
  const input: unknown = telemetry;
  if (!isObject(input)) throw new TypeError(badTelemetry(caller));
  const collector = new LeakCollector(index.needles, index.tokens);
  if ('otlpJson' in input) {
    const json = input.otlpJson;
    if (typeof json === 'string') walkOtlpJson(json, collector);
    else if (json instanceof Uint8Array) walkOtlpJson(utf8.decode(json), collector);
    else throw new TypeError(badTelemetry(caller));
  } else if ('otlpProtobuf' in input) {
    const { otlpProtobuf, signal } = input;
    if (!(otlpProtobuf instanceof Uint8Array) || !isProtobufSignal(signal)) {
      throw new TypeError(badTelemetry(caller));
    }
    walkOtlpProtobuf(otlpProtobuf, signal, collector);
  } else if ('spans' in input && Array.isArray(input.spans)) {
    walkSpans(input.spans, collector);
  } else if ('logs' in input && Array.isArray(input.logs)) {
    walkLogs(input.logs, collector);
  } else if ('text' in input && typeof input.text === 'string') {
    collector.raw(input.text);
  } else {
    throw new TypeError(badTelemetry(caller));
  }
  return collector.reports;
}

/**
 * A scanner for `tokens`, for scanning many payloads with one token list: the index of every window of
 * every token in every form is built here, once, instead of at every {@link findTokenLeaks} call. It
 * takes time and memory in proportion to the tokens' total length (for 1,000 JWTs of 300 characters,
 * well under a second and some 50 MB) and is kept as long as the scanner is. The scanner keeps its own
 * copy of the list; scans cost what {@link findTokenLeaks} costs without the index.
 *
 * @throws TypeError (constant message, no token material) when `tokens` is empty or holds anything but
 * strings of 16 or more characters.
 */
export function createLeakScanner(tokens: readonly string[]): LeakScanner {
  const index = leakIndex(tokens, 'createLeakScanner');
  return { scan: (telemetry) => scanWith(index, telemetry, 'LeakScanner.scan') };
}

/**
 * Every place where one of `tokens`, one of its dot-separated segments, or any substring of 16 or more
 * characters of it appears in `telemetry`: as is, percent-encoded, in base64 or base64url of its bytes
 * (at any byte offset of the encoded data), or in hex. Strings, bytes values and keys are all scanned,
 * and OTLP payloads are scanned once more as a whole, so nothing in an unknown field is missed.
 *
 * Reports name places and offsets, never token characters, so they can be printed. An empty result
 * means nothing was found in a payload that decoded completely: a payload that did not decode is
 * reported (`kind: 'undecodable'`) besides whatever the raw scan found in it. Builds the tokens' index
 * at each call: to scan several payloads with the same tokens, use {@link createLeakScanner}.
 *
 * Cost: linear in the size of the telemetry, the tokens' total length and the number of reports.
 * Tokens that share material at the same place (one issuer's header and first claims) are followed as
 * one while they match together. Material that sits at different places in different tokens costs one
 * step per such token at each position holding it: at worst the size of the telemetry times the
 * number of tokens.
 *
 * @throws TypeError (constant message, no token material) when `tokens` is empty or holds anything but
 * strings of 16 or more characters, or when `telemetry` is none of the {@link LeakTelemetry} forms.
 */
export function findTokenLeaks(telemetry: LeakTelemetry, tokens: readonly string[]): readonly LeakReport[] {
  return scanWith(leakIndex(tokens, 'findTokenLeaks'), telemetry, 'findTokenLeaks');
}
