import { holdsEncodedPiece, redactEncodedRuns } from './encoded-runs.js';
import { redactJsonMembers, redactQueryParameters } from './parameter-redaction.js';
import type { RedactionRules } from './redaction-rules.js';
import { seenTokens } from './seen-tokens.js';
import { HAS_EQUALS, HAS_QUOTE, HOLDS_SEEN_PIECE, MAY_BE_ENCODED, MAY_BE_SHAPED } from './text-survey.js';
import { looksLikeToken } from './token-material.js';
import { isTokenChar } from './window-hash.js';

/** What replaces redacted text; the same word `instrumentation-http` writes into URLs. */
export const REDACTED = 'REDACTED';
const PIECE_CHARS = 16;
/** Shorter text holds nothing to replace: the shortest rule, `key=v` or `jwt=v`, needs five characters. */
const MIN_CHARS = 5;

/**
 * Replaces each run of token characters that is JWT-shaped or holds a piece of a token this process
 * has seen; the whole run goes, so no half of a token stays behind. Linear in the text. Called only
 * when the survey found a reason to.
 */
function redactTokenRuns(text: string): string {
  let result = '';
  let kept = 0;
  let start = 0;
  const length = text.length;
  for (let at = 0; at <= length; at++) {
    if (at < length && isTokenChar(text.charCodeAt(at))) continue;
    if (
      at - start >= PIECE_CHARS &&
      (seenTokens.holdsPiece(text, start, at) || looksLikeToken(text.slice(start, at)))
    ) {
      result += text.slice(kept, start) + REDACTED;
      kept = at;
    }
    start = at + 1;
  }
  return kept === 0 ? text : result + text.slice(kept);
}

function nativeSurvey(text: string, length: number): number {
  let found = text.includes('=') ? HAS_EQUALS : 0;
  if (text.includes('"')) found |= HAS_QUOTE;
  if (length >= PIECE_CHARS && text.includes('eyJ')) found |= MAY_BE_SHAPED;
  // Without remembered tokens only percent escapes are decoded (encoded-runs.ts).
  if (length >= PIECE_CHARS && text.includes('%')) found |= MAY_BE_ENCODED;
  return found;
}

/**
 * `text` with token material replaced: values of sensitive query parameters and JSON members,
 * JWT-shaped strings, pieces of recently seen tokens (as they are, or base64-, hex- or
 * percent-encoded: encoded-runs.ts), and matches of the configured patterns. The
 * same string (by identity) when nothing was found, so callers can tell without comparing.
 */
export function redactText(text: string, rules: RedactionRules): string {
  const length = text.length;
  if (length < MIN_CHARS) return rules.valuePatterns.length === 0 ? text : applyPatterns(text, text, rules);
  let out = text;
  // Without remembered tokens (or under 16 characters, too short for a piece of one), native searches
  // answer the survey's other questions faster than its character loop.
  const found =
    length < PIECE_CHARS || !seenTokens.active ? nativeSurvey(text, length) : seenTokens.survey(out);
  if ((found & HAS_EQUALS) !== 0) out = redactQueryParameters(out, rules.parameterNames, REDACTED);
  if ((found & HAS_QUOTE) !== 0) out = redactJsonMembers(out, rules.parameterNames, REDACTED);
  // Encoded runs first: a raw run replaced inside one could leave the rest of it undecodable.
  if ((found & MAY_BE_ENCODED) !== 0 && holdsEncodedPiece(out)) out = redactEncodedRuns(out, REDACTED);
  if ((found & (HOLDS_SEEN_PIECE | MAY_BE_SHAPED)) !== 0) out = redactTokenRuns(out);
  if (rules.valuePatterns.length > 0) out = applyPatterns(out, text, rules);
  return out === text ? text : out;
}

/** Names remembered as clean per rule set; names should be few, but nothing stops an app minting more. */
export const LABEL_CACHE_CAPACITY = 1024;
const MAX_LABEL_CHARS = 256;

/**
 * {@link redactText} for names (of spans, events, links), which repeat from span to span: a name found
 * clean since the last token was remembered costs one lookup.
 */
export function redactLabel(text: string, rules: RedactionRules): string {
  const generation = seenTokens.generation;
  if (rules.labelCache.get(text) === generation) return text;
  const out = redactText(text, rules);
  if (out === text && text.length <= MAX_LABEL_CHARS) {
    rules.labelCache.set(text, generation);
  }
  return out;
}

function applyPatterns(from: string, original: string, rules: RedactionRules): string {
  let out = from;
  for (const pattern of rules.valuePatterns) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, REDACTED);
  }
  return out === original ? original : out;
}
