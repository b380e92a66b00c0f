import { latin1 } from './leak-collector.js';
import { formatPath, type LeakPath } from './leak-path.js';
import { walkOtlpJson } from './otlp-json-walk.js';
import { isProtobufSignal, type ProtobufSignal, walkOtlpProtobuf } from './otlp-protobuf-walk.js';

/** One decoded string of an OTLP payload and where it is, in the leak scanner's path syntax. */
export interface OtlpString {
  /** Such as `resourceSpans[0].scopeSpans[0].spans[2].attributes["jwt.result"]`. */
  readonly path: string;
  readonly value: string;
}

/** An OTLP/HTTP body, in the forms `findTokenLeaks` takes. */
export type OtlpPayload =
  | { readonly otlpJson: string | Uint8Array }
  | { readonly otlpProtobuf: Uint8Array; readonly signal: ProtobufSignal };

const UNDECODABLE = 'readOtlpStrings: the payload is not a complete OTLP JSON or protobuf body';
const UNKNOWN_SIGNAL = 'readOtlpStrings: signal must be "traces", "logs" or "metrics"';
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const printAll = () => true;

/**
 * Every string of an OTLP payload (names, attribute keys and values at any depth, bytes as latin1)
 * with its path, for tests that check what was exported: that the attributes you intended are there,
 * next to `findTokenLeaks` showing that no token is. Paths print keys as they are, so do not print the
 * result of a payload that may hold token material. Throws a `TypeError` when the payload does not decode
 * or, for protobuf, names no signal the decoder knows.
 */
export function readOtlpStrings(payload: OtlpPayload): readonly OtlpString[] {
  const strings: OtlpString[] = [];
  const sink = {
    text(path: LeakPath | undefined, value: string): void {
      // The JSON walk also reports member names (`.$name`), which the scanner needs and readers do not.
      if (path?.kind === 'field' && path.name === '$name') return;
      strings.push({ path: formatPath(path, printAll), value });
    },
    bytes(path: LeakPath | undefined, value: Uint8Array): void {
      strings.push({ path: formatPath(path, printAll), value: latin1(value) });
    },
    undecodable(): void {
      throw new TypeError(UNDECODABLE);
    },
    raw(): void {},
  };
  if ('otlpJson' in payload) {
    const json = payload.otlpJson;
    walkOtlpJson(typeof json === 'string' ? json : utf8.decode(json), sink);
  } else {
    if (!isProtobufSignal(payload.signal)) throw new TypeError(UNKNOWN_SIGNAL);
    walkOtlpProtobuf(payload.otlpProtobuf, payload.signal, sink);
  }
  return strings;
}
