// The outgoing side of a matrix service: `http.request`, the global `fetch`, or a grpc-js client.

import type * as Http from 'node:http';
import type * as Grpc from '@grpc/grpc-js';
import { GRPC_TIMEOUT_MS, type GrpcHopRequest, grpcTarget, HOP_SERVICE } from './grpc-hop-service.ts';
import { callNext } from './hop-handler.ts';
import { encodePlan } from './hop-plan.ts';
import type { HopClient } from './matrix-hop.ts';
import { type Downstream, PLAN_HEADER } from './protocol.ts';

/** Bounds a downstream call, so a stuck hop fails the scenario instead of hanging it. */
const DOWNSTREAM_TIMEOUT_MS = 5_000;

export interface ClosableClient {
  readonly call: HopClient;
  close(): void;
}

/** `http` must be the module instance instrumentation-http patched. */
export function httpClient(http: typeof Http): ClosableClient {
  // Authorization is already among the headers, so the step goes without an authorization rule.
  return {
    call: (step, headers, rest) => callNext(http, { url: step.url, headers }, rest, undefined),
    close() {},
  };
}

/** The global `fetch`, which instrumentation-undici observes through diagnostics channels. */
export function fetchClient(): ClosableClient {
  return {
    async call(step, headers, rest) {
      try {
        const response = await fetch(step.url, {
          headers: { ...headers, ...(rest.length === 0 ? {} : { [PLAN_HEADER]: encodePlan(rest) }) },
          signal: AbortSignal.timeout(DOWNSTREAM_TIMEOUT_MS),
        });
        const text = await response.text();
        try {
          return JSON.parse(text) as Downstream;
        } catch {
          return { error: `status ${response.status}: not JSON` };
        }
      } catch (error) {
        return { error: String(error) };
      }
    },
    close() {},
  };
}

/**
 * `grpc` must be the module instance instrumentation-grpc patched, so that the generic client
 * constructor is its wrapped one. `options`: grpc-js client options, such as otel-jwt's `jwtGrpcClientOptions()`.
 */
export function grpcClient(grpc: typeof Grpc, options: Grpc.ClientOptions = {}): ClosableClient {
  const HopClient = grpc.makeGenericClientConstructor(HOP_SERVICE, 'HopService');
  const clients = new Map<string, Grpc.Client>();
  const clientFor = (target: string) => {
    let client = clients.get(target);
    if (client === undefined) {
      client = new HopClient(target, grpc.credentials.createInsecure(), options);
      clients.set(target, client);
    }
    return client as Grpc.Client & { hop: UnaryHop };
  };
  return {
    call: (step, headers, rest) =>
      new Promise<Downstream>((resolve) => {
        try {
          const metadata = new grpc.Metadata();
          for (const [name, value] of Object.entries(headers)) metadata.set(name, value);
          const request: GrpcHopRequest = { plan: rest };
          clientFor(grpcTarget(step.url)).hop(
            request,
            metadata,
            { deadline: Date.now() + GRPC_TIMEOUT_MS },
            (error, reply) => resolve(error === null ? (reply as Downstream) : { error: error.message }),
          );
        } catch (error) {
          // grpc-js refuses some metadata values synchronously.
          resolve({ error: String(error) });
        }
      }),
    close() {
      for (const client of clients.values()) client.close();
    },
  };
}

type UnaryHop = (
  request: GrpcHopRequest,
  metadata: Grpc.Metadata,
  options: Grpc.CallOptions,
  callback: (error: Grpc.ServiceError | null, reply?: unknown) => void,
) => Grpc.ClientUnaryCall;
