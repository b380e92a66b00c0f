// The inbound side of a matrix service: each function opens one listener on loopback, a node:http server,
// an Express 5 app, a Fastify 5 app or a grpc-js server, that hands every hop request to `answer`.

import type * as Http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Grpc from '@grpc/grpc-js';
import { context } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';
import type { GrpcHopReply, GrpcHopRequest } from './grpc-hop-service.ts';
import { HOP_SERVICE } from './grpc-hop-service.ts';
import { decodePlan } from './hop-plan.ts';
import { countAuthorization, type InboundHop } from './matrix-hop.ts';
import { type HopResponse, PLAN_HEADER } from './protocol.ts';

export type Answer = (inbound: InboundHop) => Promise<HopResponse>;

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/** The modules each listener needs, loaded by the service after its SDK started (so they are patched). */
export interface ServerModules {
  readonly http: typeof Http;
  readonly express?: typeof import('express');
  readonly fastify?: typeof import('fastify');
  readonly grpc?: typeof Grpc;
}

const inboundOf = (
  active: InboundHop['active'],
  headers: Http.IncomingHttpHeaders,
  rawHeaders: readonly string[],
): InboundHop => ({
  active,
  plan: decodePlan(headers[PLAN_HEADER]),
  authorization: headers.authorization,
  authorizations: countAuthorization(rawHeaders),
});

export function listenHttp({ http }: ServerModules, answer: Answer): Promise<Listener> {
  const server = http.createServer((request, response) => {
    // Taken synchronously: the server span's context, with what the propagator extracted.
    const active = context.active();
    request.resume();
    if (!request.url?.startsWith('/hop')) return respond(response, 404, { error: 'not found' });
    answer(inboundOf(active, request.headers, request.rawHeaders)).then(
      (body) => respond(response, 200, body),
      (error: unknown) => respond(response, 500, { error: String(error) }),
    );
  });
  return listenOn(server);
}

export function listenExpress({ http, express }: ServerModules, answer: Answer): Promise<Listener> {
  if (express === undefined) throw new Error('express not loaded');
  const app = express();
  // getAuth in a middleware must read what the handler reads: the context reaches both.
  const seenByMiddleware = new WeakMap<object, ReturnType<typeof getAuth>>();
  app.use((request, _response, next) => {
    seenByMiddleware.set(request, getAuth(context.active()));
    next();
  });
  app.get('/hop', (request, response) => {
    const active = context.active();
    if (seenByMiddleware.get(request) !== getAuth(active)) {
      response.status(500).json({ error: 'the middleware and the handler saw different auth' });
      return;
    }
    answer(inboundOf(active, request.headers, request.rawHeaders)).then(
      (body) => response.json(body),
      (error: unknown) => response.status(500).json({ error: String(error) }),
    );
  });
  return listenOn(http.createServer(app));
}

export async function listenFastify({ fastify }: ServerModules, answer: Answer): Promise<Listener> {
  if (fastify === undefined) throw new Error('fastify not loaded');
  const app = fastify.fastify();
  // getAuth in an onRequest hook must read what the handler reads: the context reaches both.
  const seenByHook = new WeakMap<object, ReturnType<typeof getAuth>>();
  app.addHook('onRequest', async (request) => {
    seenByHook.set(request, getAuth(context.active()));
  });
  app.get('/hop', (request) => {
    if (seenByHook.get(request) !== getAuth(context.active())) {
      throw new Error('the onRequest hook and the handler saw different auth');
    }
    return answer(inboundOf(context.active(), request.headers, request.raw.rawHeaders));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

export async function listenGrpc({ grpc }: ServerModules, answer: Answer): Promise<Listener> {
  if (grpc === undefined) throw new Error('grpc-js not loaded');
  const server = new grpc.Server();
  const hop: Grpc.handleUnaryCall<GrpcHopRequest, GrpcHopReply> = (call, callback) => {
    const active = context.active();
    const authorization = call.metadata.get('authorization');
    const first = authorization[0];
    answer({
      active,
      plan: Array.isArray(call.request?.plan) ? call.request.plan : [],
      authorization: typeof first === 'string' ? first : undefined,
      authorizations: authorization.length,
    }).then(
      (body) => callback(null, body),
      (error: unknown) => callback({ code: grpc.status.INTERNAL, details: String(error) }),
    );
  };
  server.addService(HOP_SERVICE, { hop });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return { port, close: async () => server.forceShutdown() };
}

function listenOn(server: Http.Server): Promise<Listener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function respond(response: Http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
