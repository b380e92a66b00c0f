// The careless application's outgoing calls: node:http (options headers as an object or a flat array, or
// Authorization set on the request afterwards), the global fetch, and a grpc-js client. Every call is
// bounded and resolves to whether it succeeded, so a handler never hangs and the test sees failures.
import type * as Http from 'node:http';
import type * as Grpc from '@grpc/grpc-js';
import { GRPC_TIMEOUT_MS, HOP_SERVICE } from './grpc-hop-service.ts';
import { SINK_TAG } from './leak-protocol.ts';

const CALL_TIMEOUT_MS = 5_000;

export interface HttpCall {
  /** Options headers: an object, or a flat `[name, value, ...]` array as Node also takes. */
  readonly headers?: Http.OutgoingHttpHeaders | readonly string[];
  /** Set with `request.setHeader('Authorization', ...)` after the request is made, before `end()`. */
  readonly setAuthorization?: string;
}

export interface LeakClients {
  /** GET `path` (with its query) on the HTTP sink. */
  http(path: string, call?: HttpCall): Promise<boolean>;
  fetch(path: string, headers?: Record<string, string>): Promise<boolean>;
  /** A unary call to the gRPC sink with these metadata entries (and the sink's tag). */
  grpc(metadata?: Record<string, string>): Promise<boolean>;
  close(): void;
}

/** `http` and `grpc` must be the module instances the instrumentations patched. */
export function leakClients(
  http: typeof Http,
  grpc: typeof Grpc,
  grpcOptions: Grpc.ClientOptions,
  sinks: { readonly http: string; readonly grpc: string },
): LeakClients {
  const HopClient = grpc.makeGenericClientConstructor(HOP_SERVICE, 'HopService');
  const grpcClient = new HopClient(
    new URL(sinks.grpc).host,
    grpc.credentials.createInsecure(),
    grpcOptions,
  ) as unknown as Grpc.Client & { hop: UnaryHop };
  return {
    http: (path, { headers = {}, setAuthorization } = {}) =>
      new Promise((resolve) => {
        const request = http.request(
          `${sinks.http}${path}`,
          { method: 'GET', headers, timeout: CALL_TIMEOUT_MS },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode === 200));
            response.on('error', () => resolve(false));
          },
        );
        if (setAuthorization !== undefined) request.setHeader('Authorization', setAuthorization);
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(false));
        request.end();
      }),
    async fetch(path, headers = {}) {
      try {
        const response = await fetch(`${sinks.http}${path}`, {
          headers,
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        await response.text();
        return response.ok;
      } catch {
        return false;
      }
    },
    grpc: (entries = {}) =>
      new Promise((resolve) => {
        try {
          const metadata = new grpc.Metadata();
          for (const [name, value] of Object.entries({ ...entries, 'x-sink-tag': SINK_TAG })) {
            metadata.set(name, value);
          }
          grpcClient.hop({ plan: [] }, metadata, { deadline: Date.now() + GRPC_TIMEOUT_MS }, (error) =>
            resolve(error === null),
          );
        } catch {
          resolve(false);
        }
      }),
    close: () => grpcClient.close(),
  };
}

type UnaryHop = (
  request: { plan: [] },
  metadata: Grpc.Metadata,
  options: Grpc.CallOptions,
  callback: (error: Grpc.ServiceError | null) => void,
) => Grpc.ClientUnaryCall;
