import type { TextMapGetter } from '@opentelemetry/api';
import { credentialOf } from './authorization-credential.js';
import { takeDuplicateAuthorizationMark } from './duplicate-authorization.js';

/** A resolved token source: `header` reads a bare token, `cookie` parses the Cookie header. */
export type ResolvedSource =
  | { readonly kind: 'authorization' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'cookie'; readonly name: string };

/** What the sources of one request hold: a token, none, or a refusal that is not a guess. */
export type TokenRead =
  /** `fromAuthorization`: the b64token syntax is still to be checked if the token does not verify. */
  | { readonly found: true; readonly token: string; readonly fromAuthorization: boolean }
  | { readonly found: false; readonly code: 'absent' | 'multiple_tokens' | 'malformed_authorization' };

const ABSENT: TokenRead = Object.freeze({ found: false, code: 'absent' });
const MULTIPLE: TokenRead = Object.freeze({ found: false, code: 'multiple_tokens' });
const MALFORMED: TokenRead = Object.freeze({ found: false, code: 'malformed_authorization' });

/** RFC 6750 §2.1: the scheme (any case) and spaces; a b64token follows. */
export const BEARER_PREFIX = /^bearer +/i;
/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** `scheme` or `scheme credentials`: a well-formed scheme other than Bearer means no token for us. */
const OTHER_SCHEME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+( [\x21-\x7e][\x20-\x7e]*)?$/;

/**
 * Reads the token from the configured sources. Never throws: the carrier is untrusted, and a getter
 * may return anything. Two sources that hold different tokens are `multiple_tokens`. `others`, when
 * given, receives every other credential the sources held (the values of a refusal, a credential of
 * another scheme): secrets the process was handed all the same, which redaction must know.
 */
export function readToken(
  carrier: unknown,
  getter: TextMapGetter,
  sources: readonly ResolvedSource[],
  others?: string[],
): TokenRead {
  let found: TokenRead = ABSENT;
  for (const source of sources) {
    const read = readOne(carrier, getter, source, others);
    if (read === ABSENT) continue;
    if (!read.found) {
      if (found.found) others?.push(found.token);
      return read;
    }
    if (found.found && found.token !== read.token) {
      others?.push(found.token, read.token);
      return MULTIPLE;
    }
    if (!found.found || read.fromAuthorization) found = read;
  }
  return found;
}

function readOne(
  carrier: unknown,
  getter: TextMapGetter,
  source: ResolvedSource,
  others: string[] | undefined,
): TokenRead {
  if (source.kind === 'cookie') {
    return fromCookies(single(getter.get(carrier, 'cookie'), true), source.name, others);
  }
  const authorization = source.kind === 'authorization';
  const raw = getter.get(carrier, authorization ? 'authorization' : source.name);
  // The hook that marked a repetition remembered every one of its values (the others are only in the
  // raw headers), so none is reported again here.
  if (authorization && takeDuplicateAuthorizationMark(carrier)) return MULTIPLE;
  const value = single(raw, false, others, authorization);
  if (typeof value !== 'string') return value;
  if (source.kind === 'header') {
    return value.length === 0 ? MALFORMED : { found: true, token: value, fromAuthorization: false };
  }
  // The b64token syntax is checked only for tokens that do not verify (isBearerCredential): a token
  // that verifies is base64url and dots, and scanning every request's token here costs a microsecond.
  const bearer = BEARER_PREFIX.exec(value);
  if (bearer !== null && bearer[0].length < value.length) {
    return { found: true, token: value.slice(bearer[0].length), fromAuthorization: true };
  }
  // Not a token for us, but a credential all the same (`Basic ...`, a malformed Bearer value).
  others?.push(credentialOf(value));
  // A Bearer credential after another one (`Basic x, Bearer t`) is no valid credential either, and
  // taking either part would be a guess.
  if (/^bearer(\s|$)/i.test(value) || !OTHER_SCHEME.test(value) || /,\s*bearer(\s|$)/i.test(value)) {
    return MALFORMED;
  }
  return ABSENT;
}

/**
 * One header value; arrays are repeated headers, which are ambiguous unless the header is a cookie list.
 * The values of a refused repetition go to `others` (their credential part, for Authorization).
 */
function single(
  raw: unknown,
  joinList: boolean,
  others?: string[],
  authorization = false,
): string | TokenRead {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return ABSENT;
    if (!raw.every((item) => typeof item === 'string')) return MALFORMED;
    if (raw.length === 1) return raw[0] as string;
    if (joinList) return raw.join('; ');
    for (const item of raw as string[]) others?.push(authorization ? credentialOf(item) : item);
    return MULTIPLE;
  }
  return MALFORMED;
}

/**
 * Whether a token read from `Authorization` is a well-formed b64token. The propagator asks only when the
 * token did not verify, and then reports `malformed_authorization` instead of the verifier's code.
 */
export function isBearerCredential(token: string): boolean {
  return B64TOKEN.test(token);
}

function fromCookies(header: string | TokenRead, name: string, others: string[] | undefined): TokenRead {
  if (typeof header !== 'string') return header;
  const values = cookieValues(header, name);
  if (values.length > 1) {
    others?.push(values[0] as string, values[1] as string);
    return MULTIPLE;
  }
  const token = values[0];
  if (token === undefined) return ABSENT;
  return token.length === 0 ? MALFORMED : { found: true, token, fromAuthorization: false };
}

/** The values of every cookie named `name` in a Cookie header, trimmed, in order. */
export function cookieValues(header: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}
