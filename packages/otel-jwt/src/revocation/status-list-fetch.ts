import { boundedFetch } from '../keys/bounded-fetch.js';
import { fetchFailureCode } from './fetch-failure.js';
import type { ListFetchCode } from './status-list-outcomes.js';

/** The body of a status list answer, or why there is none. */
export type ListFetch =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly code: ListFetchCode };

/**
 * Fetches the status list token at `url` (draft-ietf-oauth-status-list §8.1): `Accept:
 * application/statuslist+jwt`, no redirects (a 3xx is an `http_error`), the body bounded while it streams,
 * the whole exchange ended by `signal` (its timeout, or the lists' close). Never rejects.
 */
export async function fetchListToken(url: string, maxBytes: number, signal: AbortSignal): Promise<ListFetch> {
  try {
    const response = await boundedFetch(
      url,
      { headers: { accept: 'application/statuslist+jwt' }, signal },
      maxBytes,
    );
    if (response.status !== 200) return { ok: false, code: 'http_error' };
    // A trailing newline is common in files served as-is; a compact JWS never holds whitespace.
    return { ok: true, body: (await response.text()).trim() };
  } catch (error) {
    return { ok: false, code: fetchFailureCode(error) };
  }
}
