import type { TextMapGetter } from '@opentelemetry/api';
import { seenTokens } from '../redaction/seen-tokens.js';
import { credentialOf } from './authorization-credential.js';

/** More values than any real request carries; a request with more gets the first ones remembered. */
const MAX_VALUES = 64;

/**
 * Remembers, for redaction, the values of the request's credential headers or metadata (an API key, a
 * refresh token, cookies, an Authorization of any scheme) other than `token`, which the caller
 * remembers by its verdict. They were handed to the process, so they are secrets wherever an
 * application copies them; nothing vouches for them, so they go to the unvouched pool, within its
 * intake allowance (a flood of invented headers churns only that pool). Never throws.
 */
export function rememberCredentialHeaders(
  carrier: unknown,
  getter: TextMapGetter,
  isCredentialKey: (key: string) => boolean,
  token: string | undefined,
): void {
  let keys: unknown;
  try {
    keys = getter.keys(carrier);
  } catch {
    return;
  }
  if (!Array.isArray(keys)) return;
  let budget = MAX_VALUES;
  for (const key of keys) {
    if (typeof key !== 'string' || !isCredentialKey(key)) continue;
    let raw: unknown;
    try {
      raw = getter.get(carrier, key);
    } catch {
      continue;
    }
    const name = key.toLowerCase();
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') continue;
      for (const credential of credentialsIn(name, value)) {
        if (credential === token) continue;
        seenTokens.remember(credential, 'unvouched');
        if (--budget === 0) return;
      }
    }
  }
}

/** The secrets of one header value: an Authorization value's credential, each cookie's value. */
function credentialsIn(name: string, value: string): string[] {
  if (name === 'authorization' || name === 'proxy-authorization') return [credentialOf(value)];
  if (name !== 'cookie') return [value];
  return value.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim());
}
