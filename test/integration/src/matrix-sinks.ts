// Sinks for the matrix, in the test process (no SDK): the http sink of sink.ts, or a gRPC server answering
// the hop method; both record the headers (gRPC: metadata) that crossed to them, duplicates kept.
import * as grpc from '@grpc/grpc-js';
import { type GrpcHopReply, type GrpcHopRequest, HOP_SERVICE } from './grpc-hop-service.ts';
import { startSink } from './sink.ts';

/** One request as a sink saw it: every value of each header, names in lower case. */
export interface Received {
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

export interface MatrixSink {
  readonly name: string;
  readonly origin: string;
  /** Requests that carried `x-sink-tag: tag`. */
  tagged(tag: string): Received[];
  close(): Promise<void>;
}

export async function startHttpSink(name: string): Promise<MatrixSink> {
  const sink = await startSink(name);
  return {
    name,
    origin: sink.origin,
    tagged: (tag) => sink.tagged(tag).map((request) => ({ headers: fromRawHeaders(request.rawHeaders) })),
    close: () => sink.close(),
  };
}

export async function startGrpcSink(name: string): Promise<MatrixSink> {
  const received: Received[] = [];
  const server = new grpc.Server();
  const hop: grpc.handleUnaryCall<GrpcHopRequest, GrpcHopReply> = (call, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(call.metadata.toJSON())) {
      headers[key] = values.map((value) => (typeof value === 'string' ? value : value.toString('latin1')));
    }
    received.push({ headers });
    callback(null, { sink: name });
  };
  server.addService(HOP_SERVICE, { hop });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    tagged: (tag) => received.filter((request) => request.headers['x-sink-tag']?.[0] === tag),
    close: async () => server.forceShutdown(),
  };
}

function fromRawHeaders(raw: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = Object.create(null);
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    headers[name] = [...(headers[name] ?? []), raw[index + 1] as string];
  }
  return headers;
}
