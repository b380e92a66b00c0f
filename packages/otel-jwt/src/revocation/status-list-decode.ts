import { inflate, type Zlib } from 'node:zlib';
import { decodeBase64url } from '../internal/base64url.js';

/** Bits per entry a status list may use. */
export type ListBits = 1 | 2 | 4 | 8;

/** A decompressed status list: `size` entries of `bits` bits each, packed least significant bits first. */
export interface DecodedList {
  readonly bits: ListBits;
  readonly bytes: Buffer;
  readonly size: number;
  /** `2^bits - 1`. */
  readonly mask: number;
}

/** Why a list's `lst` was refused: not base64url of a ZLIB stream, or inflating past the bound. */
export type ListDecodeFault = 'invalid_list' | 'list_too_large';

/** The inflated bytes, and how many input bytes the stream took (zlib ignores what follows its end). */
function inflateBounded(
  compressed: Buffer,
  maxOutputLength: number,
): Promise<{ buffer: Buffer; read: number }> {
  return new Promise((resolve, reject) => {
    // `info: true` hands back the engine too; Node's typings do not list that overload.
    const withInfo = inflate as unknown as (
      input: Buffer,
      options: { info: true; maxOutputLength: number },
      done: (error: Error | null, result: { buffer: Buffer; engine: Zlib }) => void,
    ) => void;
    withInfo(compressed, { info: true, maxOutputLength }, (error, result) => {
      if (error !== null) reject(error);
      else resolve({ buffer: result.buffer, read: result.engine.bytesWritten });
    });
  });
}

export function isListBits(value: unknown): value is ListBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

/**
 * Decodes `lst` (base64url, canonical, of a ZLIB stream, RFC 1950) into at most `maxListBytes` bytes.
 * zlib stops with ERR_BUFFER_TOO_LARGE as soon as the output passes the bound, so a decompression bomb
 * costs at most `maxListBytes` of memory, never its inflated size. Runs on the thread pool: a large list
 * keeps the event loop (and the requests on it) free while it inflates.
 */
export async function decodeStatusList(
  lst: string,
  bits: ListBits,
  maxListBytes: number,
): Promise<DecodedList | ListDecodeFault> {
  if (!isListBits(bits)) return 'invalid_list';
  const compressed = decodeBase64url(lst);
  if (compressed === undefined || compressed.length === 0) return 'invalid_list';
  let bytes: Buffer;
  try {
    const inflated = await inflateBounded(compressed, maxListBytes);
    // One ZLIB stream and nothing after it: trailing bytes would let two encodings carry one list.
    if (inflated.read !== compressed.length) return 'invalid_list';
    bytes = inflated.buffer;
  } catch (error) {
    return (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE'
      ? 'list_too_large'
      : 'invalid_list';
  }
  if (bytes.length > maxListBytes) return 'list_too_large';
  return { bits, bytes, size: (bytes.length * 8) / bits, mask: (1 << bits) - 1 };
}

/**
 * The status of entry `idx` (draft-ietf-oauth-status-list §4.1: byte `floor(idx * bits / 8)`, shifted
 * right by `(idx * bits) % 8`, masked to `bits`), or -1 past the end of the list. `idx` is a non-negative
 * safe integer; within the list `idx * bits` is below 2^30, so the bit operations are exact.
 */
export function statusAt(list: DecodedList, idx: number): number {
  if (idx >= list.size) return -1;
  const bit = idx * list.bits;
  return ((list.bytes[bit >>> 3] as number) >> (bit & 7)) & list.mask;
}

/** Whether two lists hold the same entries. */
export function sameList(a: DecodedList, b: DecodedList): boolean {
  return a.bits === b.bits && a.bytes.equals(b.bytes);
}
