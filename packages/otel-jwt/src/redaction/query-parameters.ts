/**
 * Query parameters and JSON members that carry credentials in URLs (OAuth 2.0 and OIDC redirects,
 * token exchange, API keys) or in logged token responses. Matched case-insensitively by the
 * redaction; `instrumentation-http` matches its list exactly, so both spellings are listed.
 */
export const SENSITIVE_QUERY_PARAMETERS: readonly string[] = [
  'access_token',
  'accessToken',
  'id_token',
  'idToken',
  'refresh_token',
  'refreshToken',
  'token',
  'code',
  'jwt',
  'assertion',
  'client_assertion',
  'client_secret',
  'subject_token',
  'actor_token',
  'device_code',
  'api_key',
  'apikey',
  'apiKey',
  'key',
  'password',
  'secret',
  'session',
  'sessionid',
];

/** The defaults of `instrumentation-http`, kept when otel-jwt sets `redactedQueryParams`. */
export const INSTRUMENTATION_QUERY_DEFAULTS: readonly string[] = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

/** Longest parameter name looked for; configured names are at most 128 characters. */
export const MAX_PARAMETER_CHARS = 128;
/** The same name with every character percent-escaped. */
export const MAX_ENCODED_PARAMETER_CHARS = 3 * MAX_PARAMETER_CHARS;

/** `name` with its percent escapes decoded, each to one character (names are ASCII). */
function unescapeName(name: string): string {
  return name.replace(/%([0-9a-f]{2})/gi, (_, digits: string) =>
    String.fromCharCode(Number.parseInt(digits, 16)),
  );
}

/** A hash of an ASCII name in lower case, to turn most candidates away without allocating. */
function nameHash(text: string, start: number, end: number): number {
  let hash = end - start;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    hash = (Math.imul(hash, 31) + (code >= 0x41 && code <= 0x5a ? code | 0x20 : code)) | 0;
  }
  return hash & 0xfff;
}

function isAscii(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (text.charCodeAt(at) >= 0x80) return false;
  return true;
}

/**
 * The sensitive names, matched case-insensitively. Every `=` and `"` of every attribute value leads to
 * a candidate name (`page`, `sort`, ...); a 4,096-bit table of name hashes turns almost all of them away
 * before a lower-case copy is made. Candidates with non-ASCII characters always take the copy, since
 * `toLowerCase` maps a few of those (the Kelvin sign) to ASCII letters.
 */
export class ParameterNames {
  private readonly names: ReadonlySet<string>;
  private readonly hashes = new Uint32Array(128);
  private readonly longest: number;

  constructor(names: readonly string[]) {
    const lower = names.map((name) => name.toLowerCase());
    this.names = new Set(lower);
    this.longest = Math.max(...lower.map((name) => name.length));
    for (const name of lower) {
      const hash = nameHash(name, 0, name.length);
      this.hashes[hash >>> 5] = (this.hashes[hash >>> 5] as number) | (1 << (hash & 31));
    }
  }

  /**
   * Whether `text[start, end)` is one of the names, in any case, also with percent escapes in it
   * (`access%5Ftoken`, as a URL encoder may write it); callers look back at most
   * {@link MAX_ENCODED_PARAMETER_CHARS} for one.
   */
  includes(text: string, start: number, end: number): boolean {
    let escaped = false;
    for (let at = start; at < end && !escaped; at++) escaped = text.charCodeAt(at) === 0x25;
    if (!escaped) return this.matches(text, start, end);
    const name = unescapeName(text.slice(start, end));
    return this.matches(name, 0, name.length);
  }

  private matches(text: string, start: number, end: number): boolean {
    if (isAscii(text, start, end)) {
      if (end - start > this.longest) return false;
      const hash = nameHash(text, start, end);
      if (((this.hashes[hash >>> 5] as number) & (1 << (hash & 31))) === 0) return false;
    }
    return this.names.has(text.slice(start, end).toLowerCase());
  }
}

/** Every sensitive name, built-in and `extra`. */
export function parameterNames(extra: readonly string[]): ParameterNames {
  return new ParameterNames([...SENSITIVE_QUERY_PARAMETERS, ...INSTRUMENTATION_QUERY_DEFAULTS, ...extra]);
}
