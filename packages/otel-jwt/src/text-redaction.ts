import { redactJsonMembers, redactQueryParameters } from './parameter-redaction.js';
import type { RedactionRules } from './redaction-config.js';
import { seenTokens } from './seen-tokens.js';
import { looksLikeToken } from './token-material.js';

/** What replaces redacted text; the same word `instrumentation-http` writes into URLs. */
export const REDACTED = 'REDACTED';
const PIECE_CHARS = 16;
/** Shorter text holds nothing to replace: the shortest rule, `key=v` or `jwt=v`, needs five characters. */
const MIN_CHARS = 5;

/** 1 for the characters of a compact JWS/JWE: base64url and the dots between segments. */
const TOKEN_CHAR = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.') {
  TOKEN_CHAR[char.charCodeAt(0)] = 1;
}

/**
 * Replaces each run of token characters that is JWT-shaped or holds a piece of a token this process
 * has seen; the whole run goes, so no half of a token stays behind. Linear in the text, and skipped
 * entirely when neither check could match (no `eyJ` and no token remembered).
 */
function redactTokenRuns(text: string): string {
  const shaped = text.indexOf('eyJ') >= 0;
  if (!shaped && !seenTokens.active) return text;
  let result = '';
  let kept = 0;
  let start = 0;
  const length = text.length;
  for (let at = 0; at <= length; at++) {
    const code = at < length ? text.charCodeAt(at) : 0;
    if (code < 128 && TOKEN_CHAR[code] === 1) continue;
    if (
      at - start >= PIECE_CHARS &&
      (seenTokens.holdsPiece(text, start, at) || (shaped && looksLikeToken(text.slice(start, at))))
    ) {
      result += text.slice(kept, start) + REDACTED;
      kept = at;
    }
    start = at + 1;
  }
  return kept === 0 ? text : result + text.slice(kept);
}

/**
 * `text` with token material replaced: values of sensitive query parameters and JSON members,
 * JWT-shaped strings, pieces of recently seen tokens, and matches of the configured patterns. The
 * same string (by identity) when nothing was found, so callers can tell without comparing.
 */
export function redactText(text: string, rules: RedactionRules): string {
  let out = text;
  if (out.length >= MIN_CHARS) {
    if (out.includes('=')) out = redactQueryParameters(out, rules.parameterNames, REDACTED);
    if (out.includes('"')) out = redactJsonMembers(out, rules.parameterNames, REDACTED);
    if (out.length >= PIECE_CHARS) out = redactTokenRuns(out);
  }
  for (const pattern of rules.valuePatterns) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, REDACTED);
  }
  return out === text ? text : out;
}
