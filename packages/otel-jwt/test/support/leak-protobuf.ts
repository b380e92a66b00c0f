// A few protobuf wire-format writers, to build hostile or unusual OTLP payloads by hand.

/** A base-128 varint. */
export function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

/** A length-delimited field holding `content` (bytes, a UTF-8 string, or nested fields). */
export function field(fieldNumber: number, ...content: (Uint8Array | string)[]): Uint8Array {
  const body = Buffer.concat(content.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  return Buffer.concat([varint(fieldNumber * 8 + 2), varint(body.length), body]);
}

/** A varint field (wire type 0). */
export function varintField(fieldNumber: number, value: number): Uint8Array {
  return Buffer.concat([varint(fieldNumber * 8), varint(value)]);
}

/** An ExportTraceServiceRequest with one span holding `spanFields`. */
export function traceRequest(...spanFields: Uint8Array[]): Uint8Array {
  return field(1, field(2, field(2, ...spanFields)));
}

/** A KeyValue with a string value. */
export function stringAttribute(attributesField: number, key: string, value: string): Uint8Array {
  return field(attributesField, field(1, key), field(2, field(1, value)));
}
