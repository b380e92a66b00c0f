/**
 * How token material was written where it was found: as is, percent-encoded (`encodeURIComponent`,
 * or with `.` written `%2E`), inside base64 or base64url of the token's UTF-8 bytes, or inside their hex.
 */
export type LeakForm = 'raw' | 'url-encoded' | 'base64' | 'base64url' | 'hex';

/**
 * How much of the token was found: all of it, at least one whole dot-separated segment, or another
 * substring of 16 or more characters. Base64 loses up to 2 bytes at each end of the token to the
 * neighbouring data, so there a match missing 2 characters at an end still counts as whole.
 */
export type LeakMatch = 'token' | 'segment' | 'substring';

/**
 * Token material found in telemetry. Holds positions only, never token characters, so a report can be
 * printed in a CI log.
 */
export interface TokenLeak {
  readonly kind: 'leak';
  /** Index of the leaked token in the list given to the scanner (the first, if it was given twice). */
  readonly tokenIndex: number;
  /**
   * Where: a readable path into the telemetry, e.g.
   * `resourceSpans[0].scopeSpans[0].spans[2].attributes["http.url"]`, or `$` for the payload as a whole
   * when the match lies outside every decoded field. A key holding token material (or longer than 100
   * characters) is never printed: its entry is shown as `[#index]`.
   */
  readonly path: string;
  readonly form: LeakForm;
  readonly match: LeakMatch;
  /**
   * Offsets of the match in the value at `path`: UTF-16 code units of a string, bytes of a bytes value
   * and of a protobuf payload (`path` `$`), characters of a JSON text. `end` is exclusive.
   */
  readonly start: number;
  readonly end: number;
  /** Which characters of the token the match covers (`tokenEnd` exclusive). */
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** Token material in one text: a finding before the collector adds where the text sits. */
export type TextHit = Omit<TokenLeak, 'kind' | 'path'>;

/** Why part of a payload could not be decoded. */
export type UndecodableReason = 'invalid_json' | 'truncated' | 'malformed' | 'too_deep';

/**
 * Part of the payload that could not be decoded, so a clean result would not mean anything: the
 * fields it holds were only scanned as raw text or bytes (matches there are reported with path `$`).
 */
export interface UndecodableTelemetry {
  readonly kind: 'undecodable';
  /** The message or value whose decoding stopped (`$` for the payload). */
  readonly path: string;
  readonly reason: UndecodableReason;
  /** Offset in the payload where decoding stopped (bytes for protobuf, characters for JSON); -1 in memory. */
  readonly offset: number;
}

export type LeakReport = TokenLeak | UndecodableTelemetry;

/** One line describing a report, with positions only. */
export function describeLeakReport(report: LeakReport): string {
  if (report.kind === 'undecodable') {
    return `undecodable (${report.reason}) at ${report.path}, payload offset ${report.offset}`;
  }
  return (
    `token #${report.tokenIndex} ${report.match} (${report.form}, token characters ` +
    `${report.tokenStart}-${report.tokenEnd}) at ${report.path} [${report.start}, ${report.end})`
  );
}
