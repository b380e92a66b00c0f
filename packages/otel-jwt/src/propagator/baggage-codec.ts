import type { BaggageEntry } from '@opentelemetry/api';

/** W3C baggage limits, as the stock `W3CBaggagePropagator` applies them. */
export const BAGGAGE_MAX_ENTRIES = 180;
export const BAGGAGE_MAX_ENTRY_CHARS = 4096;
export const BAGGAGE_MAX_HEADER_CHARS = 8192;

/** 1 for the characters `encodeURIComponent` leaves as they are. */
const UNRESERVED = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") {
  UNRESERVED[char.charCodeAt(0)] = 1;
}

/** `encodeURIComponent`, without its call into the runtime for the common text that needs no escape. */
function encodeComponent(text: string): string {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 128 || UNRESERVED[code] !== 1) return encodeURIComponent(text);
  }
  return text;
}

/** One `key=value;metadata` list member, encoded as the stock propagator encodes it. */
export function encodeBaggageEntry(key: string, entry: BaggageEntry): string {
  let member = `${encodeComponent(key)}=${encodeComponent(entry.value)}`;
  if (entry.metadata !== undefined) member += `;${entry.metadata.toString()}`;
  return member;
}

/**
 * Serialises baggage entries into a `baggage` header value under the W3C limits, exactly as the stock
 * propagator does (oversized members skipped, then members that would overflow the header), so that
 * rewriting the header for one destination changes nothing but which entries are present.
 */
export function serializeBaggage(entries: Iterable<readonly [string, BaggageEntry]>): string {
  return serialize(entries, undefined);
}

/** {@link serializeBaggage}, also saying which keys made it into the header. */
export function serializeBaggageKeeping(entries: Iterable<readonly [string, BaggageEntry]>): {
  header: string;
  kept: Set<string>;
} {
  const kept = new Set<string>();
  return { header: serialize(entries, kept), kept };
}

function serialize(
  entries: Iterable<readonly [string, BaggageEntry]>,
  kept: Set<string> | undefined,
): string {
  let header = '';
  let count = 0;
  for (const [key, entry] of entries) {
    if (count === BAGGAGE_MAX_ENTRIES) break;
    let member: string;
    try {
      member = encodeBaggageEntry(key, entry);
    } catch {
      // A lone surrogate cannot be percent-encoded; the stock propagator would throw and send nothing.
      continue;
    }
    if (member.length > BAGGAGE_MAX_ENTRY_CHARS) continue;
    count++;
    const next = header === '' ? member : `${header},${member}`;
    if (next.length <= BAGGAGE_MAX_HEADER_CHARS) {
      header = next;
      kept?.add(key);
    }
  }
  return header;
}
