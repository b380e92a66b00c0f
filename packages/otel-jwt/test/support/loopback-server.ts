import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// The plumbing of the test servers on 127.0.0.1 (ephemeral port): start, stop with every connection
// and held answer dropped, request counts, waiting for the next request, and the faults they share.

/** The faults {@link LoopbackServer.answerFault} answers the same way for every server. */
export type SharedFault = 'reset' | 'hang' | 'http-500' | 'redirect' | 'raw';

/** The bodies and target of the shared faults, as each server has them. */
export interface FaultAnswers {
  /** The body of `http-500`. */
  readonly serverError: string;
  /** The body of `raw` (status 200); empty by default. */
  readonly raw?: string;
  /** Where `redirect` points; another path of this server by default. */
  readonly location?: string;
}

export abstract class LoopbackServer {
  /** Requests received, by path. */
  readonly hits = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
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

  /** Takes the server down: no new connections (they are refused), open ones destroyed, late answers dropped. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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
        ...this.answerHeaders(),
        ...headers,
      })
      .end(body);
  }

  /** Headers of every {@link send} answer, over the JSON defaults and under the call's own. */
  protected answerHeaders(): Record<string, string> {
    return {};
  }

  /** Sends `body` (status 200) after `delayMs`, unless the connection is gone by then or the server stopped. */
  protected sendLater(res: ServerResponse, delayMs: number, body: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!res.destroyed) this.send(res, 200, body);
    }, delayMs);
    this.timers.add(timer);
  }

  /**
   * Answers `mode` when it is a {@link SharedFault}, and says whether it was: `reset` destroys the
   * connection, `hang` never answers, `http-500` and `raw` send their body, `redirect` a 302 that must
   * never be followed.
   */
  protected answerFault<M extends string>(
    mode: M,
    req: IncomingMessage,
    res: ServerResponse,
    answers: FaultAnswers,
  ): mode is M & SharedFault {
    switch (mode) {
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang':
        return true;
      case 'http-500':
        this.send(res, 500, answers.serverError);
        return true;
      case 'redirect':
        res
          .writeHead(302, { location: answers.location ?? `${this.url}/elsewhere`, 'content-length': 0 })
          .end();
        return true;
      case 'raw':
        this.send(res, 200, answers.raw ?? '');
        return true;
      default:
        return false;
    }
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
