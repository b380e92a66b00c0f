import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server.js';

// A deny-list document on 127.0.0.1, changed by the tests at run time. Usable by the unit tests of
// src/revocation and by verifier-level tests (`denyList: { url: server.documentUrl }`).

/** One entry of the document: a `jti` and when it may be dropped (NumericDate, seconds). */
export interface DeniedEntry {
  readonly jti: string;
  readonly exp: number;
}

/**
 * How the document path answers. `reset`: the connection is destroyed. `hang`: no answer at all.
 * `http-500`; `redirect` (302 to another path, never to be followed); `raw`: {@link DenyListServer.raw}
 * as is; `oversized-declared` / `oversized-chunked`: a valid document of `oversizeBytes`, announced by
 * Content-Length or streamed without it.
 */
export type DenyListMode =
  | 'normal'
  | 'reset'
  | 'hang'
  | 'http-500'
  | 'redirect'
  | 'raw'
  | 'oversized-declared'
  | 'oversized-chunked';

export const DENY_LIST_PATH = '/deny-list.json';

export class DenyListServer extends LoopbackServer {
  mode: DenyListMode = 'normal';
  /** The entries served in `normal` mode. */
  revoked: DeniedEntry[] = [];
  /** The body served in `raw` mode. */
  raw = '';
  oversizeBytes = 64 * 1024;
  /** The Accept header of each document request, in order. */
  readonly accepts: (string | undefined)[] = [];

  get documentUrl(): string {
    return `${this.url}${DENY_LIST_PATH}`;
  }

  /** Document requests received so far. */
  get fetches(): number {
    return this.count(DENY_LIST_PATH);
  }

  protected handle(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path !== DENY_LIST_PATH) {
      this.send(res, 404, '{}');
      return;
    }
    this.accepts.push(req.headers.accept);
    if (this.answerFault(this.mode, req, res, { serverError: '{"error":"internal"}', raw: this.raw })) return;
    switch (this.mode) {
      case 'normal':
        this.send(res, 200, JSON.stringify({ revoked: this.revoked }));
        return;
      case 'oversized-declared':
        this.send(res, 200, paddedDocument(this.oversizeBytes));
        return;
      case 'oversized-chunked':
        this.stream(res, paddedDocument(this.oversizeBytes));
        return;
    }
  }
}

/** A valid, empty deny-list document of exactly `bytes` bytes (at least 27). */
export function paddedDocument(bytes: number): string {
  return JSON.stringify({ revoked: [], padding: 'x'.repeat(Math.max(bytes - 27, 0)) });
}

export async function startDenyListServer(revoked: DeniedEntry[] = []): Promise<DenyListServer> {
  const server = await new DenyListServer().start();
  server.revoked = revoked;
  return server;
}
