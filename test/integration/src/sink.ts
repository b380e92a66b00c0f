// A plain http server in the test process (no SDK): it records the headers that crossed to it, so a
// scenario can assert what a trusted or an untrusted destination received.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SinkResponse } from './protocol.ts';

export interface SinkRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** As sent, duplicates kept: what a hop's headers really were. */
  readonly rawHeaders: readonly string[];
}

export interface Sink {
  readonly name: string;
  readonly origin: string;
  readonly requests: readonly SinkRequest[];
  /** Requests that carried `x-sink-tag: tag`, so scenarios sharing a sink do not see each other's. */
  tagged(tag: string): SinkRequest[];
  close(): Promise<void>;
}

export async function startSink(name: string): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders });
    request.resume();
    const body = JSON.stringify({ sink: name } satisfies SinkResponse);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    requests,
    tagged: (tag) => requests.filter((request) => request.headers['x-sink-tag'] === tag),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
