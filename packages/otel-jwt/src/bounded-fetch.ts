import { KeySourceError } from './key-source-error.js';

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
    throw (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'
      ? new KeySourceError('fetch_timeout')
      : new KeySourceError('fetch_failed');
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
    throw (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'
      ? new KeySourceError('fetch_timeout')
      : new KeySourceError('fetch_failed');
  }
  return new Response(Buffer.concat(chunks), { status: response.status, headers: response.headers });
}

/** `max-age` of a Cache-Control header in seconds, or undefined when absent or unusable. */
export function maxAgeSeconds(cacheControl: string | null): number | undefined {
  if (cacheControl === null || /\bno-(?:store|cache)\b/i.test(cacheControl)) return undefined;
  const match = /\bmax-age\s*=\s*"?(\d{1,10})"?/i.exec(cacheControl);
  return match === null ? undefined : Number(match[1]);
}
