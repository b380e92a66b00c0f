import { MAX_ENCODED_PARAMETER_CHARS, MAX_PARAMETER_CHARS, type ParameterNames } from './query-parameters.js';

/**
 * Replaces the values of sensitive query parameters (`?code=...&access_token=...`) and JSON members
 * (`"refresh_token": "..."`) in text. Hand-written scans rather than one big case-insensitive
 * regular expression: this runs on every attribute that holds a `=` or a `"`, and the expression cost
 * a microsecond per string. Each scan is linear (look-backs are bounded by the longest name).
 */
function isQueryDelimiter(code: number): boolean {
  return (
    code === 0x3f || // ?
    code === 0x26 || // &
    code === 0x3b || // ;
    code === 0x23 || // #
    code === 0x2c || // ,
    code === 0x22 || // "
    code === 0x27 || // '
    code === 0x28 || // (
    code <= 0x20 // whitespace and controls
  );
}

function endsQueryValue(code: number): boolean {
  return code === 0x26 || code === 0x23 || code === 0x3b || code === 0x22 || code === 0x27 || code <= 0x20;
}

export function redactQueryParameters(text: string, names: ParameterNames, replacement: string): string {
  let equals = text.indexOf('=');
  if (equals < 0) return text;
  let out = '';
  let kept = 0;
  while (equals >= 0) {
    let start = equals;
    // A name may be percent-encoded (`access%5Ftoken`), three characters to each of its own.
    const limit = Math.max(0, equals - MAX_ENCODED_PARAMETER_CHARS - 1);
    while (
      start > limit &&
      !isQueryDelimiter(text.charCodeAt(start - 1)) &&
      text.charCodeAt(start - 1) !== 0x3d
    )
      start--;
    const delimited = start === 0 || isQueryDelimiter(text.charCodeAt(start - 1));
    let next = equals + 1;
    if (delimited && start < equals && names.includes(text, start, equals)) {
      let end = equals + 1;
      while (end < text.length && !endsQueryValue(text.charCodeAt(end))) end++;
      if (end > equals + 1 && text.slice(equals + 1, end) !== replacement) {
        out += text.slice(kept, equals + 1) + replacement;
        kept = end;
      }
      next = end;
    }
    equals = text.indexOf('=', next);
  }
  return kept === 0 ? text : out + text.slice(kept);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** End of a JSON string whose content starts at `from` (the index of its closing quote), or -1. */
function stringEnd(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x5c) at++;
    else if (code === 0x22) return at;
  }
  return -1;
}

export function redactJsonMembers(text: string, names: ParameterNames, replacement: string): string {
  let colon = text.indexOf(':');
  let out = '';
  let kept = 0;
  while (colon >= 0) {
    let next = colon + 1;
    let close = colon - 1;
    while (close >= 0 && isSpace(text.charCodeAt(close))) close--;
    if (close > 0 && text.charCodeAt(close) === 0x22) {
      const open = text.lastIndexOf('"', close - 1);
      if (open >= 0 && close - open - 1 <= MAX_PARAMETER_CHARS && names.includes(text, open + 1, close)) {
        let quote = colon + 1;
        while (quote < text.length && isSpace(text.charCodeAt(quote))) quote++;
        const end = text.charCodeAt(quote) === 0x22 ? stringEnd(text, quote + 1) : -1;
        if (end > quote + 1 && text.slice(quote + 1, end) !== replacement) {
          out += text.slice(kept, quote + 1) + replacement;
          kept = end;
        }
        if (end >= 0) next = end + 1;
      }
    }
    colon = text.indexOf(':', next);
  }
  return kept === 0 ? text : out + text.slice(kept);
}
