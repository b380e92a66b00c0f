import { credentialOf } from '../propagator/authorization-credential.js';
import { seenTokens } from '../redaction/seen-tokens.js';

/**
 * The Authorization values among request headers in any of the shapes clients use: an object (node:http
 * options; a value may be an array), a flat `[name, value, ...]` array (node:http options, undici 6 and
 * later; a value may be an array), or undici 5's `name: value\r\n` text. Names match case-insensitively;
 * anything else gives none.
 */
export function authorizationValues(headers: unknown): string[] {
  const values: unknown[] = [];
  if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'authorization') {
        values.push(line.slice(colon + 1).trim());
      }
    }
  } else if (Array.isArray(headers)) {
    for (let at = 0; at + 1 < headers.length; at += 2) {
      if (isAuthorization(headers[at])) values.push(headers[at + 1]);
    }
  } else if (headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (isAuthorization(name)) values.push(value);
  }
  return values.flat().filter((value): value is string => typeof value === 'string');
}

function isAuthorization(name: unknown): boolean {
  return typeof name === 'string' && name.toLowerCase() === 'authorization';
}

/**
 * Remembers outgoing Authorization values (scheme dropped) as sent, so that an application's own
 * credential, such as a client-credentials token, is redacted like an inbound one. Sent, not vouched: a
 * gateway may forward whatever its clients sent (one it verified is vouched already).
 */
export function rememberSent(values: readonly unknown[]): void {
  for (const value of values) {
    if (typeof value === 'string') seenTokens.remember(credentialOf(value), 'sent');
  }
}

const SETTERS = ['setHeader', 'appendHeader'] as const;

/**
 * A `node:http` request's headers may still change after the instrumentation's hooks ran
 * (`request.setHeader('Authorization', ...)` before `end()`; `setHeaders` goes through `setHeader`): its
 * setters are wrapped, on this request object only, to remember an Authorization value as it is set.
 */
export function watchAuthorizationSetters(request: object): void {
  for (const name of SETTERS) {
    const original = (request as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(request, name, {
      configurable: true,
      enumerable: false,
      writable: true,
      value: function setter(this: unknown, header: unknown, value: unknown, ...rest: unknown[]): unknown {
        if (isAuthorization(header)) {
          try {
            rememberSent([value].flat());
          } catch {
            // Remembering must never stop the application's own call.
          }
        }
        return original.call(this, header, value, ...rest);
      },
    });
  }
}
