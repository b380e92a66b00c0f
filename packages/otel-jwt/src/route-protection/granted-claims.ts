import type { JwtClaims } from '../verifier/verify-result.js';

/** The string items of an array claim, or the parts of a string split by `split`; undefined otherwise. */
function items(value: unknown, split: boolean): readonly string[] | undefined {
  if (typeof value === 'string') return split ? value.split(' ').filter((part) => part.length > 0) : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

/** A claim of the token itself, never one inherited from a prototype. */
const own = (claims: JwtClaims, name: string): unknown =>
  Object.hasOwn(claims, name) ? claims[name] : undefined;

/**
 * Scopes of verified claims, read as the propagator reads them for `jwt.scopes`: `scope` (RFC 8693 and
 * RFC 9068: a space-delimited string), or, when it has no usable value, `scp` (a string or an array, as
 * Entra ID and Okta write it). Items that are not strings grant nothing. Never truncated: unlike telemetry,
 * a refusal must not come from a limit, and the token's own size limit bounds the work.
 */
export function grantedScopes(claims: JwtClaims): ReadonlySet<string> {
  return new Set(items(own(claims, 'scope'), true) ?? items(own(claims, 'scp'), true) ?? []);
}

/** Roles of verified claims, from the top-level claim `claim`: an array's string items, or one string. */
export function grantedRoles(claims: JwtClaims, claim: string): ReadonlySet<string> {
  return new Set(items(own(claims, claim), false) ?? []);
}
