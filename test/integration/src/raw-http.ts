// The test process's two clients: node:http for well-formed requests, a bare socket for bytes that
// node:http refuses to send (non-ASCII, control characters, oversized or duplicate headers).
import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';

const TIMEOUT_MS = 10_000;

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export function httpGet(url: string, headers: OutgoingHttpHeaders): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    // agent: false, so no keep-alive socket outlives the test.
    const outgoing = request(
      url,
      { method: 'GET', headers, agent: false, timeout: TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`no response from ${url} within ${TIMEOUT_MS} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export type RawHeader = readonly [name: string, value: string | Buffer];

/** A GET request as bytes; `Connection: close` so the server ends the socket after answering. */
export function rawGet(path: string, headers: readonly RawHeader[]): Buffer {
  const lines: Buffer[] = [Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`)];
  for (const [name, value] of headers) {
    lines.push(Buffer.from(`${name}: `), typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
    lines.push(Buffer.from('\r\n'));
  }
  lines.push(Buffer.from('\r\n'));
  return Buffer.concat(lines);
}

export interface RawResult {
  /** 0 when the server closed the socket without a status line. */
  readonly status: number;
  readonly body: string;
}

export function rawExchange(port: number, bytes: Buffer): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new Error(`no complete answer on port ${port} within ${TIMEOUT_MS} ms`)),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (hadError) return;
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      const split = text.indexOf('\r\n\r\n');
      resolve({
        status: status === undefined ? 0 : Number(status),
        body: split < 0 ? '' : text.slice(split + 4),
      });
    });
    // write, not end: a half-closed socket may make the server drop the request it is still answering.
    socket.write(bytes);
  });
}
