// A unary gRPC service without protobuf (JSON messages) for the gRPC tests: each server reports what its
// handler saw (getAuth, the authorization and baggage metadata) and calls the next hop of the plan from
// inside the handler, with a client built with jwtGrpcClientOptions.
import type * as Grpc from '@grpc/grpc-js';
import { context } from '@opentelemetry/api';
import { getAuth } from '../../src/index.js';
import { jwtGrpcClientOptions } from '../../src/sdk/grpc-client-options.js';
import { memberKeys } from './telemetry-fixtures.js';

/** The next call: its target, and the `authorization` value the application sets on it, if any. */
export interface Hop {
  readonly target: string;
  readonly authorization?: string;
}

/** What one server's handler saw. */
export interface Seen {
  readonly status: string | undefined;
  readonly code: string | undefined;
  readonly verdict: string | undefined;
  readonly authorization: string[];
  readonly baggageKeys: string[];
  /** The `baggage` metadata values as they arrived. */
  readonly baggage: string[];
}

interface HopRequest {
  readonly hops: readonly Hop[];
}
interface HopReply {
  readonly seen: readonly Seen[];
}

const toJson = (value: unknown) => Buffer.from(JSON.stringify(value));
const HOP_SERVICE = {
  call: {
    path: '/otel.jwt.test.Hop/Call',
    requestStream: false,
    responseStream: false,
    requestSerialize: toJson,
    requestDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as HopRequest,
    responseSerialize: toJson,
    responseDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as HopReply,
  },
} satisfies Grpc.ServiceDefinition;

type HopClient = Grpc.Client & {
  call(
    request: HopRequest,
    metadata: Grpc.Metadata,
    callback: (error: Grpc.ServiceError | null, reply?: HopReply) => void,
  ): Grpc.ClientUnaryCall;
};

export interface Hops {
  /** Calls `first` with `metadata` (a client of its own, as the first service would), following `plan` from there. */
  call(first: Hop, plan?: readonly Hop[], metadata?: Grpc.Metadata): Promise<Seen[]>;
  /** `127.0.0.1:<port>` of a new server; every server answers with the same handler. */
  serve(options?: Grpc.ServerOptions): Promise<string>;
  close(): void;
}

export function startHops(grpc: typeof Grpc): Hops {
  const Client = grpc.makeGenericClientConstructor(HOP_SERVICE, 'Hop') as unknown as new (
    ...args: ConstructorParameters<typeof Grpc.Client>
  ) => HopClient;
  const clients = new Map<string, HopClient>();
  const servers: Grpc.Server[] = [];
  const clientFor = (target: string): HopClient => {
    let client = clients.get(target);
    if (client === undefined) {
      client = new Client(target, grpc.credentials.createInsecure(), jwtGrpcClientOptions());
      clients.set(target, client);
    }
    return client;
  };
  const send = (
    hop: Hop,
    plan: readonly Hop[],
    metadata: Grpc.Metadata,
    done: (error: Error | null, seen?: Seen[]) => void,
  ) => {
    if (hop.authorization !== undefined) metadata.set('authorization', hop.authorization);
    clientFor(hop.target).call({ hops: plan }, metadata, (error, reply) =>
      error === null ? done(null, [...(reply?.seen ?? [])]) : done(error),
    );
  };
  const handler: Grpc.handleUnaryCall<HopRequest, HopReply> = (call, callback) => {
    const auth = getAuth(context.active());
    const result = auth?.result as { status?: string; code?: string } | undefined;
    const baggage = call.metadata.get('baggage').map(String);
    const seen: Seen = {
      status: result?.status,
      code: result?.code,
      verdict: auth?.subjectVerdict,
      authorization: call.metadata.get('authorization').map(String),
      baggageKeys: memberKeys(baggage[0]),
      baggage,
    };
    const [next, ...rest] = call.request.hops;
    if (next === undefined) return callback(null, { seen: [seen] });
    send(next, rest, new grpc.Metadata(), (error, downstream = []) =>
      error === null ? callback(null, { seen: [seen, ...downstream] }) : callback(error),
    );
  };
  return {
    call: (first, plan = [], metadata = new grpc.Metadata()) =>
      new Promise((resolve, reject) =>
        send(first, plan, metadata, (error, seen) => (error === null ? resolve(seen ?? []) : reject(error))),
      ),
    serve: async (options) => {
      const server = new grpc.Server(options);
      server.addService(HOP_SERVICE, { call: handler });
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
          error === null ? resolve(bound) : reject(error),
        ),
      );
      return `127.0.0.1:${port}`;
    },
    close: () => {
      for (const client of clients.values()) client.close();
      for (const server of servers) server.forceShutdown();
    },
  };
}

/** The port of a `127.0.0.1:<port>` target. */
export const portOf = (target: string): number => Number(target.slice(target.lastIndexOf(':') + 1));
