import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// The plumbing of the test servers on 127.0.0.1 (ephemeral port): start, stop with every connection
// and held answer dropped, request counts, and waiting for the next request.

export abstract class LoopbackServer {
  /** Requests received, by path. */
  readonly hits = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly waiters: (() => void)[] = [];
  private readonly server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    for (const wake of this.waiters.splice(0)) wake();
    this.handle(req, res, path);
  });
  private port = 0;

  protected abstract handle(req: IncomingMessage, res: ServerResponse, path: string): void;

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

  /** Requests received at `path` so far. */
  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes the server down: no new connections (they are refused), open ones destroyed. */
  async stop(): Promise<void> {
    this.dropHeld();
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets answers held back (the sockets are destroyed by stop). */
  protected dropHeld(): void {}

  protected send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    res
      .writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...headers,
      })
      .end(body);
  }

  /** Several writes before end, so Node sends Transfer-Encoding: chunked and no Content-Length. */
  protected stream(res: ServerResponse, body: string): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let at = 0; at < body.length && !res.destroyed; at += 1024) res.write(body.slice(at, at + 1024));
    res.end();
  }
}

/** The whole body of a request, as text. */
export async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
