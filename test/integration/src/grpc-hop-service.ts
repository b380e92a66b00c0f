// The hop as a gRPC unary method, without protobuf: JSON in Buffers, so grpc-js's generic client
// constructor and Server.addService (the paths instrumentation-grpc patches) carry it.
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { HopResponse, HopStep, SinkResponse } from './protocol.ts';

/** The request message: the rest of the plan rides in the body; Authorization and baggage in metadata. */
export interface GrpcHopRequest {
  readonly plan: readonly HopStep[];
}

/** Bounds a gRPC call (its deadline), so a stuck hop fails the scenario instead of hanging it. */
export const GRPC_TIMEOUT_MS = 5_000;

export type GrpcHopReply = HopResponse | SinkResponse;

const toJson = (value: unknown) => Buffer.from(JSON.stringify(value));
const fromJson = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));

export const HOP_SERVICE: ServiceDefinition = {
  hop: {
    path: '/otel_jwt_test.HopService/Hop',
    requestStream: false,
    responseStream: false,
    requestSerialize: toJson,
    requestDeserialize: fromJson,
    responseSerialize: toJson,
    responseDeserialize: fromJson,
    originalName: 'hop',
  },
};

/** `host:port` of a hop URL, as grpc-js takes its target; the URL's scheme and path are ignored. */
export const grpcTarget = (url: string): string => new URL(url).host;
