import { IssuerOutcomeCounts } from '../internal/outcome-counts.js';
import type { ListBits } from './status-list-decode.js';

/** Why a fetched status list token was refused; constant codes, for diagnostics. */
export type ListTokenFault =
  | 'malformed'
  | 'typ_not_accepted'
  | 'alg_not_allowed'
  | 'alg_key_mismatch'
  | 'kid_required'
  | 'unknown_key'
  | 'keys_unavailable'
  | 'invalid_signature'
  | 'subject_mismatch'
  | 'issuer_mismatch'
  | 'invalid_claim'
  | 'expired'
  | 'not_yet_valid'
  /** `status_list` is not an object with `bits` 1, 2, 4 or 8 and a string `lst`. */
  | 'invalid_list';

/** A status list token checked against its issuer's keys: its list parts, or why it was refused. */
export type ListTokenOutcome =
  | {
      readonly ok: true;
      readonly bits: ListBits;
      /** base64url of the ZLIB-compressed list, not decoded yet. */
      readonly lst: string;
      /** The token's `iat`, seconds: a list older than the one held is a rollback. */
      readonly iatSeconds: number;
      /** The token's `ttl`, seconds, when it has one. */
      readonly ttlSeconds: number | undefined;
      /** The token's `exp`, in milliseconds; infinite without `exp`. The list is refreshed by then. */
      readonly expiresAtMs: number;
      /** `exp` plus the clock tolerance, in milliseconds: the list serves no longer; infinite without `exp`. */
      readonly usableUntilMs: number;
    }
  | { readonly ok: false; readonly fault: ListTokenFault };

/** Checks a fetched status list token for the list at `uri`. Never rejects. */
export type ListTokenCheck = (
  token: string,
  uri: string,
  nowMs: number,
) => ListTokenOutcome | Promise<ListTokenOutcome>;

/** Every outcome of one list fetch; a record, so that a new code cannot be left out. */
const OUTCOMES = {
  success: true,
  fetch_timeout: true,
  fetch_failed: true,
  http_error: true,
  response_too_large: true,
  /** The list inflates past `maxListBytes`. */
  list_too_large: true,
  /** Bad signature, claims or `typ` (any {@link ListTokenFault} but `invalid_list`). */
  invalid_token: true,
  /** `bits` or `lst` unusable. */
  invalid_list: true,
} as const;

/** Why one list fetch failed. */
export type ListFetchCode = Exclude<keyof typeof OUTCOMES, 'success'>;

/** `success`, then each {@link ListFetchCode}: the values of `jwt.fetch.outcome` on `jwt.status_list.fetches`. */
export const STATUS_LIST_FETCH_OUTCOMES: readonly string[] = Object.keys(OUTCOMES);

/** Fetch outcomes per issuer, for the `jwt.status_list.fetches` counter. */
export function statusListFetchCounts(): IssuerOutcomeCounts {
  return new IssuerOutcomeCounts(STATUS_LIST_FETCH_OUTCOMES);
}
