// An OTLP/HTTP receiver on loopback that keeps the raw bytes of every export request it gets.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedExport {
  /** `/v1/traces` or `/v1/logs`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface OtlpReceiver {
  readonly endpoint: string;
  readonly received: readonly ReceivedExport[];
  close(): Promise<void>;
}

/** Bounds the bytes kept, so a runaway exporter cannot exhaust the test process. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedExport[] = [];
  let total = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      total += body.length;
      if (total <= MAX_TOTAL_BYTES) {
        received.push({
          path: request.url ?? '',
          contentType: String(request.headers['content-type']),
          body,
        });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
