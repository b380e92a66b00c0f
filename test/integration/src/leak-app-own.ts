// The application's own credentials (opaque client-credentials tokens, and a JWT for class 6): it sends
// each, then puts it into telemetry. Class 2 sends them every way Node allows and logs them; class 5
// writes them into a byte attribute and log bodies it already handed over; class 6 records them as
// metric attributes.

import type { LeakClients } from './leak-app-clients.ts';
import type { LeakHandler } from './leak-app-kit.ts';
import { SENDING_WAYS } from './leak-protocol.ts';

const bearer = (credential: string) => `Bearer ${credential}`;
/** Typed as any header name: Node takes an array for every header, its types only for some. */
const AUTHORIZATION: string = 'authorization';

/** Sends each credential as the Authorization of its own call, set on the request after it was made. */
function sendEach(clients: LeakClients, credentials: readonly string[]): Promise<boolean[]> {
  return Promise.all(
    credentials.map((credential) => clients.http('/token-check', { setAuthorization: bearer(credential) })),
  );
}

export const sends: LeakHandler = async ({ app, clients, credentials: { sent } }, _request, span) => {
  const results = [
    await clients.http('/token-check', { setAuthorization: bearer(sent.setHeader) }),
    // instrumentation-http copies a flat array into an object (`0: Authorization`, `1: Bearer ...`), so
    // the credential goes out under a numbered name; otel-jwt's hook read the array before that.
    await clients.http('/token-check', { headers: ['Authorization', bearer(sent.headerArray)] }),
    await clients.http('/token-check', { headers: { [AUTHORIZATION]: [bearer(sent.headerValueArray)] } }),
    await clients.fetch('/token-check', { authorization: bearer(sent.fetch) }),
    await clients.grpc({ authorization: bearer(sent.grpc) }),
  ];
  for (const way of SENDING_WAYS) {
    span?.setAttribute(`app.upstream.${way}`, sent[way]);
    app.logger.emit({ body: `called upstream (${way}) as ${sent[way]}` });
  }
  return results;
};

export const late: LeakHandler = async ({ app, clients, credentials: { late } }, _request, span) => {
  const results = await sendEach(clients, [late.spanBytes, late.logObject, late.logBytes]);
  // Handed over empty, filled afterwards: what the SDK keeps is the application's own object.
  const buffer = new Uint8Array(late.spanBytes.length);
  span?.setAttribute('app.buffer', buffer);
  buffer.set(Buffer.from(late.spanBytes));
  const body = { status: 'pending', detail: 'none' };
  app.logger.emit({ body });
  body.detail = late.logObject;
  const bytes = new Uint8Array(late.logBytes.length);
  app.logger.emit({ body: bytes });
  bytes.set(Buffer.from(late.logBytes));
  return results;
};

export const metered: LeakHandler = async ({ app, clients, credentials: { metrics } }) => {
  const results = await sendEach(clients, [metrics.opaque, metrics.jwt]);
  app.meter.createCounter('app.token_checks').add(1, { 'app.client': metrics.opaque });
  app.meter.createHistogram('app.token_check_ms').record(12, { 'app.client': metrics.jwt });
  return results;
};
