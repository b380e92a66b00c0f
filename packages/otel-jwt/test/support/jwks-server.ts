import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { JWK } from 'jose';

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
export class JwksServer {
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
  /** Requests received, by path. */
  readonly hits = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = createServer((req, res) => this.handle(req, res));
  private port = 0;

  async start(): Promise<this> {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get jwksUri(): string {
    return `${this.url}${JWKS_PATH}`;
  }

  count(path = JWKS_PATH): number {
    return this.hits.get(path) ?? 0;
  }

  /** Takes the server down: no new connections, open ones destroyed, pending slow answers dropped. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.hits.set(path, this.count(path) + 1);
    if (path === DISCOVERY_PATH) {
      const document = this.discovery ?? { issuer: this.url, jwks_uri: this.jwksUri };
      this.send(res, 200, this.discoveryRaw ?? JSON.stringify(document));
      return;
    }
    if (path !== JWKS_PATH) {
      this.send(res, 404, 'not found');
      return;
    }
    const body = JSON.stringify({ keys: this.keys });
    switch (this.mode) {
      case 'normal':
        this.send(res, 200, body);
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) this.send(res, 200, body);
        }, this.delayMs);
        this.timers.add(timer);
        return;
      }
      case 'garbage':
        this.send(res, 200, '<html>this is not JSON</html>');
        return;
      case 'wrong-shape':
        this.send(res, 200, JSON.stringify({ keys: 'not-a-list' }));
        return;
      case 'http-500':
        this.send(res, 500, JSON.stringify({ error: 'internal' }));
        return;
      case 'no-content':
        res.writeHead(204).end();
        return;
      case 'redirect':
        res.writeHead(302, { location: `${this.url}/elsewhere`, 'content-length': 0 }).end();
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

  private send(res: ServerResponse, status: number, body: string): void {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (this.cacheControl !== undefined) headers['cache-control'] = this.cacheControl;
    res.writeHead(status, headers).end(body);
  }

  /** Several writes before end, so Node sends Transfer-Encoding: chunked and no Content-Length. */
  private stream(res: ServerResponse, body: string): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let at = 0; at < body.length && !res.destroyed; at += 1024) res.write(body.slice(at, at + 1024));
    res.end();
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
