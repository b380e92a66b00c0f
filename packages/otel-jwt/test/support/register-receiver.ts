import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type OtlpString, readOtlpStrings } from '../../src/testing.js';

/** One OTLP/HTTP export request, its body as received. */
export interface ReceivedExport {
  /** `/v1/traces`, `/v1/logs`, ... */
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** An OTLP/HTTP receiver on 127.0.0.1 (ephemeral port) keeping the raw bytes of every export. */
export interface RegisterReceiver {
  /** For `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly endpoint: string;
  readonly received: readonly ReceivedExport[];
  /** The exports to `path` (`/v1/traces` or `/v1/logs`). */
  exportsTo(path: string): ReceivedExport[];
  close(): Promise<void>;
}

/** Bounds what is kept, so that a runaway exporter cannot exhaust the test process. */
const MAX_BYTES = 16 * 1024 * 1024;

export async function startRegisterReceiver(): Promise<RegisterReceiver> {
  const received: ReceivedExport[] = [];
  let total = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      total += body.length;
      const contentType = String(request.headers['content-type'] ?? '');
      if (total <= MAX_BYTES) received.push({ path: request.url ?? '', contentType, body });
      // An empty success answer suits both encodings (no partial success to report).
      const json = contentType.includes('json');
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    exportsTo: (path) => received.filter((entry) => entry.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every string of an export, decoded as JSON or protobuf according to its content type. */
export function stringsOf(received: ReceivedExport): readonly OtlpString[] {
  if (received.contentType.includes('json')) return readOtlpStrings({ otlpJson: received.body });
  const signal = received.path === '/v1/logs' ? 'logs' : 'traces';
  return readOtlpStrings({ otlpProtobuf: received.body, signal });
}

/** The value at the first path ending with `suffix` (such as `.attributes["jwt.result"]`), among `strings`. */
export function valueAt(strings: readonly OtlpString[], suffix: string): string | undefined {
  return strings.find((entry) => entry.path.endsWith(suffix))?.value;
}
