// The revocation services a chain shares, in the test process (no SDK): a deny-list document
// (`{ "revoked": [ { "jti", "exp" } ] }`) and an OAuth 2.0 introspection endpoint (RFC 7662) that
// checks client_secret_basic and answers per token from a table the scenario fills.
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DenyListDocument {
  readonly url: string;
  /** Adds `jti` to the document, its entry kept until `exp` (NumericDate). */
  publish(jti: string, exp: number): void;
  /** Document requests received so far. */
  readonly fetches: number;
  close(): Promise<void>;
}

export interface IntrospectionEndpoint {
  readonly endpoint: string;
  /** The client every service authenticates as; the secret holds characters that must be form-encoded. */
  readonly client: { readonly id: string; readonly secret: string };
  /** Answer members per token; a token not listed is `{ "active": false }`. */
  readonly answers: Map<string, Record<string, unknown>>;
  /** Authenticated requests received for `token`. */
  requestsFor(token: string): number;
  close(): Promise<void>;
}

async function listen(handler: RequestListener): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: Parameters<RequestListener>[1], status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

export async function startDenyListDocument(): Promise<DenyListDocument> {
  const revoked: { jti: string; exp: number }[] = [];
  let fetches = 0;
  const server = await listen((request, response) => {
    request.resume();
    if (request.url !== '/deny-list.json') return json(response, 404, {});
    fetches++;
    json(response, 200, { revoked });
  });
  return {
    url: `${server.origin}/deny-list.json`,
    publish: (jti, exp) => void revoked.push({ jti, exp }),
    get fetches() {
      return fetches;
    },
    close: server.close,
  };
}

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined. */
const formDecoded = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));

export async function startIntrospectionEndpoint(): Promise<IntrospectionEndpoint> {
  const client = { id: 'chain services', secret: `s3cr:t/${randomBytes(12).toString('base64url')}+%` };
  const answers = new Map<string, Record<string, unknown>>();
  const asked = new Map<string, number>();
  const authenticated = (authorization: string | undefined): boolean => {
    if (!authorization?.startsWith('Basic ')) return false;
    const pair = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    return (
      colon > 0 &&
      formDecoded(pair.slice(0, colon)) === client.id &&
      formDecoded(pair.slice(colon + 1)) === client.secret
    );
  };
  const server = await listen((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/introspect') return json(response, 404, {});
      if (!authenticated(request.headers.authorization))
        return json(response, 401, { error: 'invalid_client' });
      const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('token') ?? '';
      asked.set(token, (asked.get(token) ?? 0) + 1);
      json(response, 200, answers.get(token) ?? { active: false });
    });
  });
  return {
    endpoint: `${server.origin}/introspect`,
    client,
    answers,
    requestsFor: (token) => asked.get(token) ?? 0,
    close: server.close,
  };
}
