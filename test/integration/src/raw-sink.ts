// An untrusted destination on loopback that keeps the raw bytes of every request it gets: a plain TCP
// server (no HTTP parser in between), answering each request's head with a small JSON response and
// closing, so every connection carries one request.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

export interface RawRequest {
  /** Every byte the client sent on the connection. */
  readonly bytes: Buffer;
}

export interface RawSink {
  readonly origin: string;
  readonly requests: readonly RawRequest[];
  close(): Promise<void>;
}

/** Bounds the bytes kept, so a runaway client cannot exhaust the test process. */
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
);
const HEAD_END = Buffer.from('\r\n\r\n');

export async function startRawSink(): Promise<RawSink> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  let total = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const chunks: Buffer[] = [];
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_TOTAL_BYTES) {
        socket.destroy();
        return;
      }
      chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      // The calls are GETs without a body: the head's end is the request's end.
      if (!answered && bytes.includes(HEAD_END)) {
        answered = true;
        requests.push({ bytes });
        socket.end(RESPONSE);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The trace-context headers of a request (`traceparent`, `tracestate`, `baggage`), each as a `name: value` line. */
export function propagationLines(request: RawRequest): string[] {
  const head = request.bytes.toString('latin1').split('\r\n\r\n', 1)[0] ?? '';
  return head
    .split('\r\n')
    .slice(1)
    .filter((line) => /^(traceparent|tracestate|baggage)\s*:/i.test(line));
}
