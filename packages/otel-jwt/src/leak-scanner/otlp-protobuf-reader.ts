/** A length-delimited field of a protobuf message: its number and where its content lies. */
export interface LengthField {
  readonly field: number;
  readonly start: number;
  readonly end: number;
}

/** The length-delimited fields of one message, and why reading stopped early, if it did. */
export interface WireMessage {
  readonly fields: readonly LengthField[];
  readonly failure?: { readonly reason: 'truncated' | 'malformed'; readonly offset: number };
}

const MAX_FIELD = 0x1fffffff;

/**
 * Protobuf wire format (https://protobuf.dev/programming-guides/encoding/): reads the fields of the
 * message in `bytes[start, end)` without descending into them. Varints, fixed32 and fixed64 are skipped
 * (they hold no text); groups, unknown wire types and field number 0 are `malformed`, a length or varint
 * running past `end` is `truncated`. Never throws; each byte is read once.
 */
export function readMessage(bytes: Uint8Array, start: number, end: number): WireMessage {
  const fields: LengthField[] = [];
  let at = start;
  // Returns the varint at `at` (advancing it), or -1 when it is cut short, -2 when longer than 10 bytes.
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let count = 0; count < 10; count++) {
      if (at >= end) return -1;
      const byte = bytes[at++] ?? 0;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    return -2;
  };
  while (at < end) {
    const fieldStart = at;
    const tag = varint();
    if (tag < 0) return failed(fields, tag === -1 ? 'truncated' : 'malformed', fieldStart);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0 || field > MAX_FIELD) return failed(fields, 'malformed', fieldStart);
    if (wireType === 0) {
      const value = varint();
      if (value < 0) return failed(fields, value === -1 ? 'truncated' : 'malformed', fieldStart);
    } else if (wireType === 1 || wireType === 5) {
      at += wireType === 1 ? 8 : 4;
      if (at > end) return failed(fields, 'truncated', fieldStart);
    } else if (wireType === 2) {
      const length = varint();
      if (length < 0) return failed(fields, length === -1 ? 'truncated' : 'malformed', fieldStart);
      if (length > end - at) return failed(fields, 'truncated', fieldStart);
      fields.push({ field, start: at, end: at + length });
      at += length;
    } else {
      return failed(fields, 'malformed', fieldStart);
    }
  }
  return { fields };
}

function failed(fields: LengthField[], reason: 'truncated' | 'malformed', offset: number): WireMessage {
  return { fields, failure: { reason, offset } };
}
