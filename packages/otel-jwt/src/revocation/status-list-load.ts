import type { RequestAborts } from './request-aborts.js';
import { type DecodedList, decodeStatusList } from './status-list-decode.js';
import type { ListEntry } from './status-list-entry.js';
import { fetchListToken, type ListFetch } from './status-list-fetch.js';
import type { ListFetchCode, ListTokenCheck, ListTokenOutcome } from './status-list-outcomes.js';
import type { StatusListSettings } from './status-list-settings.js';

/** A list that passed every check: its entries and the token they came in. */
export interface LoadedList {
  readonly list: DecodedList;
  readonly checked: Extract<ListTokenOutcome, { ok: true }>;
}

/**
 * One fetch of the list of `entry`, taken through every check: the download (bounded, ended by its
 * timeout or when `aborts` closes), the token (signature, claims, `typ`), no rollback (a list older by
 * `iat` than the newest taken is refused like a bad one, and so is one with an `iat` further ahead than
 * `clockToleranceSeconds`) and the decode (bounded). Returns the list, or the code of the first check it
 * failed; `entry` is only read.
 */
export async function loadList(
  entry: ListEntry,
  settings: StatusListSettings,
  aborts: RequestAborts,
  checkListToken: ListTokenCheck,
  clockToleranceSeconds = Number.POSITIVE_INFINITY,
): Promise<LoadedList | ListFetchCode> {
  const { fetchTimeoutMs, maxResponseBytes, maxListBytes } = settings;
  const abort = aborts.start(fetchTimeoutMs);
  let fetched: ListFetch;
  try {
    fetched = await fetchListToken(entry.url, maxResponseBytes, abort.signal);
  } finally {
    abort.done();
  }
  if (!fetched.ok) return fetched.code;
  const checked = await checkListToken(fetched.body, entry.uri, Date.now());
  if (!checked.ok) return checked.fault === 'invalid_list' ? 'invalid_list' : 'invalid_token';
  if (checked.iatSeconds < entry.newestIatSeconds) return 'invalid_token';
  // Refused as the claims checks refuse an `nbf` so far ahead: a list from the future is a clock gone
  // wrong, and the rollback guard, which takes no more of its `iat` than the current time, could not
  // tell the lists minted before it from those minted after.
  if (checked.iatSeconds > Math.floor(Date.now() / 1000) + clockToleranceSeconds) return 'invalid_token';
  const list = await decodeStatusList(checked.lst, checked.bits, maxListBytes);
  return typeof list === 'string' ? list : { list, checked };
}
