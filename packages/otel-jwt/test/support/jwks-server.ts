import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { JWK } from 'jose';
import { LoopbackServer } from './loopback-server.js';

/**
 * How the JWKS path answers. `reset`: the connection is destroyed without an answer. `slow`: the normal
 * answer after {@link JwksServer.delayMs}. `oversized-declared`: a body of {@link JwksServer.oversizeBytes}
 * announced by Content-Length. `oversized-chunked`: the same body streamed chunked, no Content-Length.
 * `gzip-bomb`: the same body gzipped (small on the wire). `stalled-body`: headers, then part of the body.
 */
export type JwksMode =
  | 'normal'
  | 'reset'
  | 'slow'
  | 'garbage'
  | 'wrong-shape'
  | 'http-500'
  | 'no-content'
  | 'redirect'
  | 'stalled-body'
  | 'gzip-bomb'
  | 'oversized-declared'
  | 'oversized-chunked';

export const JWKS_PATH = '/jwks';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** A real HTTP server on 127.0.0.1 (ephemeral port) whose behaviour tests switch at run time. */
export class JwksServer extends LoopbackServer {
  mode: JwksMode = 'normal';
  /** Public JWKs served under {@link JWKS_PATH}. */
  keys: JWK[] = [];
  /** Cache-Control header of the JWKS answer; none when undefined. */
  cacheControl: string | undefined;
  delayMs = 2000;
  oversizeBytes = 64 * 1024;
  /** Discovery document; defaults to this server as issuer and its JWKS path as `jwks_uri`. */
  discovery: Record<string, unknown> | undefined;
  /** Raw discovery answer body, served instead of {@link discovery} when set. */
  discoveryRaw: string | undefined;

  get jwksUri(): string {
    return `${this.url}${JWKS_PATH}`;
  }

  /** Requests received at `path` (the JWKS path by default) so far. */
  override count(path = JWKS_PATH): number {
    return super.count(path);
  }

  protected handle(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path === DISCOVERY_PATH) {
      const document = this.discovery ?? { issuer: this.url, jwks_uri: this.jwksUri };
      this.send(res, 200, this.discoveryRaw ?? JSON.stringify(document));
      return;
    }
    if (path !== JWKS_PATH) {
      this.send(res, 404, 'not found');
      return;
    }
    if (this.answerFault(this.mode, req, res, { serverError: JSON.stringify({ error: 'internal' }) })) return;
    const body = JSON.stringify({ keys: this.keys });
    switch (this.mode) {
      case 'normal':
        this.send(res, 200, body);
        return;
      case 'slow':
        this.sendLater(res, this.delayMs, body);
        return;
      case 'garbage':
        this.send(res, 200, '<html>this is not JSON</html>');
        return;
      case 'wrong-shape':
        this.send(res, 200, JSON.stringify({ keys: 'not-a-list' }));
        return;
      case 'no-content':
        res.writeHead(204).end();
        return;
      case 'stalled-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
        res.write('{"keys":[');
        return;
      case 'gzip-bomb': {
        const bomb = gzipSync(padded(this.oversizeBytes));
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.byteLength }).end(bomb);
        return;
      }
      case 'oversized-declared':
        this.send(res, 200, padded(this.oversizeBytes));
        return;
      case 'oversized-chunked':
        this.stream(res, padded(this.oversizeBytes));
        return;
    }
  }

  /** The JSON answers carry {@link cacheControl} when it is set. */
  protected override answerHeaders(): Record<string, string> {
    return this.cacheControl === undefined ? {} : { 'cache-control': this.cacheControl };
  }
}

/** Valid JSON of exactly `bytes` bytes (at least 24). */
export function padded(bytes: number): string {
  return JSON.stringify({ keys: [], padding: 'x'.repeat(Math.max(bytes - 24, 0)) });
}

export async function startJwksServer(keys: JWK[] = []): Promise<JwksServer> {
  const server = await new JwksServer().start();
  server.keys = keys;
  return server;
}
