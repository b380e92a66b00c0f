import { BoundedCache } from '../internal/bounded-cache.js';
import { type AllowedPrefix, allowedListUrl } from './status-list-settings.js';

/** Longest `uri` remembered as not allowed; longer ones are checked again each time (they are signed). */
const MAX_REMEMBERED_URI = 2048;

/**
 * Which status list `uri`s of an issuer's tokens may be fetched: those `allowedUris` cover. A refusal is
 * remembered (256 at most), so a token naming a foreign list costs one parse of its `uri`, not one per request.
 */
export class StatusListUris {
  private readonly refused = new BoundedCache<string, true>(256);

  constructor(private readonly allowed: readonly AllowedPrefix[]) {}

  /** The URL to fetch for `uri`, or undefined when no allowed prefix covers it. */
  urlOf(uri: string): string | undefined {
    if (this.refused.get(uri) !== undefined) return undefined;
    const url = allowedListUrl(uri, this.allowed);
    if (url === undefined && uri.length <= MAX_REMEMBERED_URI) this.refused.set(uri, true);
    return url;
  }
}
