import { seenTokens } from '../redaction/seen-tokens.js';
import { credentialOf } from './authorization-credential.js';

/**
 * Node's `http` keeps only the first of repeated `Authorization` headers (`request.headers`), so a
 * propagator reading that object cannot see the second. The HTTP instrumentation hook marks the headers
 * object of such requests before extract runs; the token source then refuses them as `multiple_tokens`.
 */
const marked = new WeakSet<object>();

/**
 * Marks `request.headers` when the raw headers hold more than one Authorization header, and remembers
 * every one of their credentials for redaction: the request is refused, but each is a secret the
 * process was handed, and all but the first are nowhere else.
 */
export function markDuplicateAuthorization(request: unknown): void {
  if (request === null || typeof request !== 'object') return;
  const { rawHeaders, headers } = request as { rawHeaders?: unknown; headers?: unknown };
  if (!Array.isArray(rawHeaders) || headers === null || typeof headers !== 'object') return;
  let seen = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    if (typeof name === 'string' && name.length === 13 && name.toLowerCase() === 'authorization') seen++;
  }
  if (seen < 2) return;
  marked.add(headers);
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const value = rawHeaders[index + 1];
    if (typeof name !== 'string' || name.toLowerCase() !== 'authorization' || typeof value !== 'string')
      continue;
    seenTokens.remember(credentialOf(value), 'unvouched');
  }
}

/** Whether the carrier was marked; the mark is consumed so a reused object is judged afresh. */
export function takeDuplicateAuthorizationMark(carrier: unknown): boolean {
  if (carrier === null || typeof carrier !== 'object') return false;
  return marked.delete(carrier);
}
