import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyOf, LoopbackServer } from './loopback-server.js';

// An OAuth 2.0 token introspection endpoint (RFC 7662) on 127.0.0.1 that checks client authentication
// (RFC 6749 §2.3.1) as a real one does, answers per token from a table the tests fill, and can hold its
// answers back. Usable by the unit tests of src/revocation and by verifier-level tests
// (`introspection: { endpoint: server.endpoint, client: server.client }`).

export interface IntrospectionClient {
  readonly id: string;
  readonly secret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
}

/** What the endpoint received in one request (tests assert on it; tokens here are the tests' own). */
export interface IntrospectionRecord {
  readonly method: string | undefined;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly authorization: string | undefined;
  readonly form: Readonly<Record<string, string>>;
  /** Whether the client authenticated by the expected method with the expected id and secret. */
  readonly authenticated: boolean;
}

/**
 * How the endpoint answers an authenticated request. `normal`: the answer from `answers` (inactive for
 * an unknown token). `held`: the normal answer once `release()` is called. `hang`: never. `reset`: the
 * connection is destroyed. `http-500`, `redirect`; `raw`: `raw` as is, status 200; `oversized`: a valid
 * inactive answer of `oversizeBytes`. A request that fails client authentication gets 401 in every mode.
 */
export type IntrospectionMode =
  | 'normal'
  | 'held'
  | 'hang'
  | 'reset'
  | 'http-500'
  | 'redirect'
  | 'raw'
  | 'oversized';

export const INTROSPECTION_PATH = '/introspect';

/** RFC 6749 Appendix B: form-urlencoded, `+` for a space. */
const formDecoded = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));

export class IntrospectionServer extends LoopbackServer {
  mode: IntrospectionMode = 'normal';
  /** The client the endpoint accepts; the secret holds characters that must be form-encoded. */
  client: IntrospectionClient = {
    id: 'orders api',
    secret: `s3cr:t/${randomBytes(12).toString('base64url')}+%`,
    method: 'client_secret_basic',
  };
  /** Answer members per token (without `active: false` for an unknown one). */
  readonly answers = new Map<string, Record<string, unknown>>();
  raw = '';
  oversizeBytes = 64 * 1024;
  readonly requests: IntrospectionRecord[] = [];
  private held: (() => void)[] = [];

  get endpoint(): string {
    return `${this.url}${INTROSPECTION_PATH}`;
  }

  /** Answers every held request. */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  get heldCount(): number {
    return this.held.length;
  }

  protected override dropHeld(): void {
    this.held = [];
  }

  protected handle(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path !== INTROSPECTION_PATH) {
      this.send(res, 404, '{}');
      return;
    }
    void bodyOf(req).then((body) => this.answer(req, res, body));
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const form = Object.fromEntries(new URLSearchParams(body));
    const authenticated = this.authenticated(req.headers.authorization, form);
    this.requests.push({
      method: req.method,
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      authorization: req.headers.authorization,
      form,
      authenticated,
    });
    if (!authenticated) {
      this.send(res, 401, '{"error":"invalid_client"}', { 'www-authenticate': 'Basic realm="introspect"' });
      return;
    }
    const known = this.answers.get(form.token ?? '');
    const answer = JSON.stringify(known ?? { active: false });
    const fault = { serverError: '{"error":"server_error"}', raw: this.raw };
    if (this.answerFault(this.mode, req, res, fault)) return;
    switch (this.mode) {
      case 'normal':
        this.send(res, 200, answer);
        return;
      case 'held':
        this.held.push(() => {
          if (!res.destroyed) this.send(res, 200, answer);
        });
        return;
      case 'oversized':
        this.send(res, 200, JSON.stringify({ active: false, padding: 'x'.repeat(this.oversizeBytes) }));
        return;
    }
  }

  private authenticated(authorization: string | undefined, form: Record<string, string>): boolean {
    const { id, secret, method } = this.client;
    if (method === 'client_secret_post') {
      return authorization === undefined && form.client_id === id && form.client_secret === secret;
    }
    if (form.client_secret !== undefined || !authorization?.startsWith('Basic ')) return false;
    const pair = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    if (colon < 0) return false;
    try {
      return formDecoded(pair.slice(0, colon)) === id && formDecoded(pair.slice(colon + 1)) === secret;
    } catch {
      return false;
    }
  }
}

export async function startIntrospectionServer(): Promise<IntrospectionServer> {
  return new IntrospectionServer().start();
}
