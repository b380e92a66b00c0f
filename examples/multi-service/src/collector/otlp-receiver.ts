// The demo's collector: an OTLP/HTTP JSON receiver on loopback that the services export to. It keeps what
// it receives (for the trace trees and the Jaeger file) and passes every request on, unchanged, to the
// user's OTLP endpoint when one is configured.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeLogs, decodeTraces } from './otlp-decode.ts';
import type { Forwarder, Signal } from './otlp-forward.ts';
import type { CollectedLog, CollectedSpan } from './otlp-model.ts';

/** Bounds what is kept, so a runaway exporter cannot exhaust the demo process. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface Collector {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT of the services. */
  readonly endpoint: string;
  readonly spans: readonly CollectedSpan[];
  readonly logs: readonly CollectedLog[];
  /** Requests that were not OTLP/JSON of a known signal, or did not decode. */
  readonly rejected: readonly string[];
  close(): Promise<void>;
}

export async function startCollector(forwarder: Forwarder | undefined): Promise<Collector> {
  const spans: CollectedSpan[] = [];
  const logs: CollectedLog[] = [];
  const rejected: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const signal: Signal | undefined =
        request.url === '/v1/traces' ? 'traces' : request.url === '/v1/logs' ? 'logs' : undefined;
      const contentType = String(request.headers['content-type'] ?? '');
      const body = Buffer.concat(chunks);
      if (signal === undefined || !contentType.includes('json') || size > MAX_BODY_BYTES) {
        rejected.push(`${request.method} ${request.url} (${contentType}, ${size} bytes)`);
        response.writeHead(signal === undefined ? 404 : 415).end();
        return;
      }
      forwarder?.forward(signal, body, contentType);
      try {
        if (signal === 'traces') spans.push(...decodeTraces(body.toString('utf8')));
        else logs.push(...decodeLogs(body.toString('utf8')));
      } catch {
        rejected.push(`${request.url}: not OTLP/JSON`);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    logs,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
