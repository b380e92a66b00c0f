import { expect, test } from 'vitest';
import { boundedFetch, maxAgeSeconds } from '../../src/keys/bounded-fetch.js';
import { KeySourceError } from '../../src/keys/key-source-error.js';
import { DISCOVERY_PATH, type JwksMode, padded } from '../support/jwks-server.js';
import { useResources } from '../support/remote-fixtures.js';

const resources = useResources();
const LIMIT = 2048;

async function serve(mode: JwksMode, oversizeBytes = LIMIT + 1) {
  const server = await resources.server([]);
  server.mode = mode;
  server.oversizeBytes = oversizeBytes;
  return server;
}

const init = (timeoutMs = 1000): RequestInit => ({ signal: AbortSignal.timeout(timeoutMs) });

async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeySourceError);
  return (error as KeySourceError).code;
}

test('a body within the limit comes back fully buffered with its status and headers', async () => {
  const server = await serve('normal');
  server.cacheControl = 'max-age=60';
  const response = await boundedFetch(server.jwksUri, init(), LIMIT);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('max-age=60');
  expect(await response.json()).toEqual({ keys: [] });
});

test('a body of exactly maxBytes is accepted, declared or streamed', async () => {
  for (const mode of ['oversized-declared', 'oversized-chunked'] as const) {
    const server = await serve(mode, LIMIT);
    const response = await boundedFetch(server.jwksUri, init(), LIMIT);
    expect((await response.text()).length).toBe(LIMIT);
  }
});

test('a Content-Length over maxBytes is refused as response_too_large', async () => {
  const server = await serve('oversized-declared');
  expect(await failureCode(boundedFetch(server.jwksUri, init(), LIMIT))).toBe('response_too_large');
});

test('a chunked body without Content-Length is refused as response_too_large once it passes maxBytes', async () => {
  const server = await serve('oversized-chunked', 64 * 1024);
  const raw = await fetch(server.jwksUri);
  expect(raw.headers.get('content-length')).toBeNull();
  expect(raw.headers.get('transfer-encoding')).toBe('chunked');
  await raw.body?.cancel();
  expect(await failureCode(boundedFetch(server.jwksUri, init(), LIMIT))).toBe('response_too_large');
});

test('a small gzip body that inflates past maxBytes is refused as response_too_large', async () => {
  const server = await serve('gzip-bomb', 1024 * 1024);
  expect(await failureCode(boundedFetch(server.jwksUri, init(), LIMIT))).toBe('response_too_large');
});

test('a redirect is returned as its status and never followed', async () => {
  const server = await serve('redirect');
  const response = await boundedFetch(server.jwksUri, init(), LIMIT);
  expect(response.status).toBe(302);
  expect(server.count('/elsewhere')).toBe(0);
});

test('a 204 answer comes back as status 204, not as a TypeError', async () => {
  const server = await serve('no-content');
  const response = await boundedFetch(server.jwksUri, init(), LIMIT);
  expect(response.status).toBe(204);
});

test('a destroyed connection is refused as fetch_failed', async () => {
  const server = await serve('reset');
  expect(await failureCode(boundedFetch(server.jwksUri, init(), LIMIT))).toBe('fetch_failed');
});

test('a closed server is refused as fetch_failed', async () => {
  const server = await serve('normal');
  await server.stop();
  expect(await failureCode(boundedFetch(server.jwksUri, init(), LIMIT))).toBe('fetch_failed');
});

test('an answer slower than the signal timeout is refused as fetch_timeout', async () => {
  const server = await serve('slow');
  server.delayMs = 10_000;
  const started = performance.now();
  expect(await failureCode(boundedFetch(server.jwksUri, init(150), LIMIT))).toBe('fetch_timeout');
  // Ended by the 150 ms timeout, not by the answer 10 s later (a wide margin for a loaded machine).
  expect(performance.now() - started).toBeLessThan(5000);
});

test('a body that stalls after the headers is refused as fetch_timeout', async () => {
  const server = await serve('stalled-body');
  expect(await failureCode(boundedFetch(server.jwksUri, init(150), LIMIT))).toBe('fetch_timeout');
});

test('the test server pads bodies to the exact size asked for', async () => {
  expect(Buffer.byteLength(padded(LIMIT))).toBe(LIMIT);
  const server = await serve('normal');
  server.discoveryRaw = padded(100);
  const response = await boundedFetch(`${server.url}${DISCOVERY_PATH}`, init(), LIMIT);
  expect(response.headers.get('content-length')).toBe('100');
});

test.each([
  { header: 'max-age=120', expected: 120 },
  { header: 'public, max-age=300, must-revalidate', expected: 300 },
  { header: 'MAX-AGE=45', expected: 45 },
  { header: 'max-age="90"', expected: 90 },
  { header: 'max-age=0', expected: 0 },
  { header: 'no-store, max-age=120', expected: undefined },
  { header: 'no-cache', expected: undefined },
  { header: 's-maxage=120', expected: undefined },
  { header: 'max-age=soon', expected: undefined },
  { header: 'max-age=-5', expected: undefined },
  { header: 'max-age=12345678901', expected: 2 ** 31 },
  { header: 'max-age=600, private', expected: 600 },
  { header: 'max-age = 30', expected: 30 },
  { header: 'max-age=12abc', expected: undefined },
  { header: 'max-age="90', expected: undefined },
  { header: null, expected: undefined },
])('maxAgeSeconds($header) is $expected', ({ header, expected }) => {
  expect(maxAgeSeconds(header)).toBe(expected);
});
