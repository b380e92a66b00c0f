/** Where a token's status is kept: entry `idx` of the status list published at `uri`. */
export interface StatusReference {
  readonly idx: number;
  readonly uri: string;
}

/**
 * The status list reference of a token's `status` claim (draft-ietf-oauth-status-list §6.1:
 * `{ "status_list": { "idx": <non-negative integer>, "uri": <string> } }`), or `'malformed'`. The caller
 * tells an absent claim (`undefined`) apart first. Members besides these (other status mechanisms,
 * extensions) are left alone. Returns the claim's own `status_list` object, already frozen by the strict
 * parser, so the common case allocates nothing. Never throws, whatever JSON value it is given.
 */
export function parseStatusClaim(status: unknown): StatusReference | 'malformed' {
  if (!isObject(status)) return 'malformed';
  const reference = status.status_list;
  if (!isObject(reference)) return 'malformed';
  const { idx, uri } = reference;
  // A safe integer: beyond 2^53 two different indexes would name the same entry.
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) return 'malformed';
  if (typeof uri !== 'string') return 'malformed';
  return reference as unknown as StatusReference;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
