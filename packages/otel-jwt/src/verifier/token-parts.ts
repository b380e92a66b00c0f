import { isUtf8 } from 'node:buffer';
import { decodeBase64url } from '../internal/base64url.js';
import { BoundedCache } from '../internal/bounded-cache.js';
import { algorithmSpec } from '../keys/algorithms.js';
import { checkHeader } from './header-policy.js';
import { parseStrictJson } from './strict-json.js';
import type { InvalidCode } from './verify-result.js';

type JsonObject = Readonly<Record<string, unknown>>;

const supported = (alg: unknown): boolean => algorithmSpec(alg) !== undefined;

/** Longest header segment kept in the cache: issuers' headers are short; a forged one may be as long as the token. */
const MAX_CACHED_HEADER_CHARS = 1024;

/** Decodes and parses the header and claims segments of a compact JWS, each into a frozen object. */
export class TokenParts {
  /**
   * Parsed and checked headers by their encoded segment: an issuer puts the same few headers on every
   * token, so most verifications skip decoding and parsing the header.
   */
  private readonly headers = new BoundedCache<string, JsonObject>(256);
  /**
   * The header found last, by its segment: tokens in a row mostly share it, and comparing a new string
   * with the segment is cheaper than hashing it for the map.
   */
  private last: { readonly segment: string; readonly header: JsonObject } | undefined;

  constructor(private readonly maxJsonDepth: number) {}

  /** The decoded, parsed and checked header of a segment, or why it is refused. */
  header(segment: string): JsonObject | InvalidCode {
    if (this.last?.segment === segment) return this.last.header;
    const cached = this.headers.get(segment);
    if (cached !== undefined) {
      this.last = { segment, header: cached };
      return cached;
    }
    const bytes = decodeBase64url(segment);
    if (bytes === undefined) return 'non_canonical_encoding';
    const header = this.object(bytes);
    if (typeof header === 'string') return header === 'invalid_json' ? 'invalid_header' : header;
    const fault = checkHeader(header, supported);
    if (fault !== undefined) return fault;
    if (segment.length <= MAX_CACHED_HEADER_CHARS) {
      this.headers.set(segment, header);
      this.last = { segment, header };
    }
    return header;
  }

  /** The parsed claims of a decoded payload, or why they are refused. Nothing in them is trusted yet. */
  claims(bytes: Buffer): JsonObject | InvalidCode {
    return this.object(bytes);
  }

  /** UTF-8 (strict) JSON object, or the reason it is not one. */
  private object(bytes: Buffer): JsonObject | InvalidCode {
    if (!isUtf8(bytes)) return 'invalid_json';
    const parsed = parseStrictJson(bytes.toString('utf8'), this.maxJsonDepth);
    if (!parsed.ok) return parsed.fault;
    const value = parsed.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid_json';
    return value as JsonObject;
  }
}
