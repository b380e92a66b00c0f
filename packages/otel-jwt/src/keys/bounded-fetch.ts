import { KeySourceError } from './key-source-error.js';

/** A network failure as a key-source code: an aborted or timed-out request is a timeout. */
function transportError(error: unknown): KeySourceError {
  const name = (error as Error | undefined)?.name;
  return new KeySourceError(
    name === 'TimeoutError' || name === 'AbortError' ? 'fetch_timeout' : 'fetch_failed',
  );
}

/**
 * `fetch` for key material: no redirects, and a body larger than `maxBytes` is refused while it streams
 * (a hostile or broken endpoint cannot make the process buffer an unbounded response).
 * Returns a fully buffered Response, so later parsing cannot stall on the network.
 */
export async function boundedFetch(
  url: string | URL,
  init: RequestInit,
  maxBytes: number,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual' });
  } catch (error) {
    throw transportError(error);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new KeySourceError('response_too_large');
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      if (reader === undefined) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new KeySourceError('response_too_large');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof KeySourceError) throw error;
    throw transportError(error);
  }
  // The Response constructor throws on a body with a null-body status (204, 205, 304): such an answer
  // must reach the caller as its status, not as an unrelated TypeError.
  const body = NULL_BODY_STATUSES.has(response.status) ? null : Buffer.concat(chunks);
  return new Response(body, { status: response.status, headers: response.headers });
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** `max-age` of a Cache-Control header in seconds, or undefined when absent or unusable. */
export function maxAgeSeconds(cacheControl: string | null): number | undefined {
  if (cacheControl === null || /\bno-(?:store|cache)\b/i.test(cacheControl)) return undefined;
  // The whole delta-seconds or nothing: a digit cap in the pattern used to cut 12345678901 to 1234567890.
  // Values past 2^31 count as 2^31 (RFC 9111 §1.2.2); the refresh bounds clamp them anyway.
  const match = /\bmax-age\s*=\s*("?)(\d+)\1\s*(?:,|$)/i.exec(cacheControl);
  return match === null ? undefined : Math.min(Number(match[2]), 2 ** 31);
}
