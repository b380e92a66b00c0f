// Class 1: credentials the process was handed and that are not issuer-signed JWTs (an opaque access
// token, a refresh token, a JWT of another key, both of two Authorization headers). The application
// copies each into a span attribute, a log body, the query string of an outgoing call and a header
// that its instrumentation captures.
import type { IncomingMessage } from 'node:http';
import type { LeakHandler } from './leak-app-kit.ts';

/** Every Authorization value (repeated headers too, from the raw headers; scheme dropped) and the refresh token. */
function credentialsOf(request: IncomingMessage): string[] {
  const found: string[] = [];
  for (let at = 0; at + 1 < request.rawHeaders.length; at += 2) {
    const name = (request.rawHeaders[at] as string).toLowerCase();
    const value = request.rawHeaders[at + 1] as string;
    if (name === 'authorization') found.push(value.replace(/^Bearer\s+/i, ''));
    if (name === 'x-refresh-token') found.push(value);
  }
  return found;
}

export const handed: LeakHandler = async ({ app, clients }, request, span) => {
  const results: boolean[] = [];
  for (const [index, credential] of credentialsOf(request).entries()) {
    span?.setAttribute(`app.seen.${index}`, credential);
    app.logger.emit({ body: `request credential ${index}: ${credential}` });
    results.push(
      await clients.http(`/lookup?ref=${encodeURIComponent(credential)}`, {
        headers: { 'x-echo': credential },
      }),
    );
  }
  return results;
};
