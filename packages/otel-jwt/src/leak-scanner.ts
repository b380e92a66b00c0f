import { LeakCollector } from './leak-collector.js';
import { type LeakLogRecord, type LeakSpan, walkLogs, walkSpans } from './leak-memory-walk.js';
import { buildNeedles, WINDOW } from './leak-needles.js';
import type { LeakReport } from './leak-report.js';
import { walkOtlpJson } from './otlp-json-walk.js';
import { type ProtobufSignal, walkOtlpProtobuf } from './otlp-protobuf-walk.js';

/**
 * Telemetry to scan, as exported or as held in memory:
 * - `otlpJson`: an OTLP/HTTP JSON body of any signal (text, or its UTF-8 bytes);
 * - `otlpProtobuf`: an OTLP protobuf `ExportTraceServiceRequest` (`signal: 'traces'`) or
 *   `ExportLogsServiceRequest` (`signal: 'logs'`);
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

const BAD_TOKENS = 'findTokenLeaks: tokens must be a non-empty array of strings of 16 or more characters';
const BAD_TELEMETRY =
  'findTokenLeaks: telemetry must be { otlpJson }, { otlpProtobuf, signal: "traces" | "logs" }, { spans }, { logs } or { text }';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Decodes what the caller gave as bytes without failing on bad UTF-8 (a leak may sit next to it).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Every place where one of `tokens`, one of its dot-separated segments, or any substring of 16 or more
 * characters of it appears in `telemetry`: as is, percent-encoded, in base64 or base64url of its bytes
 * (at any byte offset of the encoded data), or in hex. Strings, bytes values and keys are all scanned,
 * and OTLP payloads are scanned once more as a whole, so nothing in an unknown field is missed.
 *
 * Reports name places and offsets, never token characters, so they can be printed. An empty result
 * means nothing was found in a payload that decoded completely: a payload that did not decode is
 * reported (`kind: 'undecodable'`) besides whatever the raw scan found in it. Linear in the size of
 * the telemetry plus the tokens.
 *
 * @throws TypeError (constant message, no token material) when `tokens` is empty or holds anything but
 * strings of 16 or more characters, or when `telemetry` is none of the {@link LeakTelemetry} forms.
 */
export function findTokenLeaks(telemetry: LeakTelemetry, tokens: readonly string[]): readonly LeakReport[] {
  if (
    !Array.isArray(tokens) ||
    tokens.length === 0 ||
    !tokens.every((token) => typeof token === 'string' && token.length >= WINDOW)
  ) {
    throw new TypeError(BAD_TOKENS);
  }
  const input: unknown = telemetry;
  if (!isObject(input)) throw new TypeError(BAD_TELEMETRY);
  const collector = new LeakCollector(buildNeedles(tokens), tokens);
  if ('otlpJson' in input) {
    const json = input.otlpJson;
    if (typeof json === 'string') walkOtlpJson(json, collector);
    else if (json instanceof Uint8Array) walkOtlpJson(utf8.decode(json), collector);
    else throw new TypeError(BAD_TELEMETRY);
  } else if ('otlpProtobuf' in input) {
    const { otlpProtobuf, signal } = input;
    if (!(otlpProtobuf instanceof Uint8Array) || (signal !== 'traces' && signal !== 'logs')) {
      throw new TypeError(BAD_TELEMETRY);
    }
    walkOtlpProtobuf(otlpProtobuf, signal, collector);
  } else if ('spans' in input && Array.isArray(input.spans)) {
    walkSpans(input.spans, collector);
  } else if ('logs' in input && Array.isArray(input.logs)) {
    walkLogs(input.logs, collector);
  } else if ('text' in input && typeof input.text === 'string') {
    collector.raw(input.text);
  } else {
    throw new TypeError(BAD_TELEMETRY);
  }
  return collector.reports;
}
