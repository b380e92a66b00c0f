// Class 3: encoded forms of a remembered credential, of the issuer-signed JWT the request carries and of
// a credential the application sent first. Each form goes into a span attribute and a log body; the URL
// forms are also called, so the instrumentation records them.
import { inspect } from 'node:util';
import type { LeakHandler } from './leak-app-kit.ts';
import { ENCODED_FORMS, type EncodedForm } from './leak-protocol.ts';

const FORMS: Readonly<Record<EncodedForm, (credential: string) => string>> = {
  base64: (credential) => Buffer.from(`user:${credential}`).toString('base64'),
  base64url: (credential) => Buffer.from(`user:${credential}`).toString('base64url'),
  hex: (credential) => Buffer.from(credential).toString('hex'),
  'url-path': (credential) => `/files/${encodeURIComponent(credential)}`,
  'query-name': (credential) => `/search?access%5Ftoken=${encodeURIComponent(credential)}`,
  inspect: (credential) => inspect({ user: 'alice', session: { credential } }),
};

export const encoded: LeakHandler = async ({ app, clients, credentials }, request, span) => {
  const inbound = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  const results: boolean[] = [];
  for (const form of ENCODED_FORMS) {
    const own = credentials.encoded.forms[form];
    results.push(await clients.http('/token-check', { setAuthorization: `Bearer ${own}` }));
    for (const [whose, credential] of [
      ['own', own],
      ['inbound', inbound],
    ] as const) {
      const value = FORMS[form](credential);
      span?.setAttribute(`app.${whose}.${form}`, value);
      app.logger.emit({ body: `${whose} ${form}: ${value}` });
      if (value.startsWith('/')) results.push(await clients.http(value));
    }
  }
  return results;
};
