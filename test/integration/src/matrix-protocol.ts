// What the transport matrix varies, shared by the test process and the matrix services.
import type { ServiceConfig } from './protocol.ts';

/**
 * How the hops talk: `http` node:http server and `http.request`; `fetch` node:http server and the global
 * `fetch` (undici); `express` and `fastify` apps as servers with `http.request`; `grpc` unary calls both ways.
 */
export const TRANSPORTS = ['http', 'fetch', 'express', 'fastify', 'grpc'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** `default`: NodeSDK's parent-based always-on sampler. `always_off`: no span is ever recorded. */
export const SAMPLERS = ['default', 'always_off'] as const;
export type SamplerChoice = (typeof SAMPLERS)[number];

export interface MatrixServiceConfig extends ServiceConfig {
  readonly transport: Transport;
  readonly sampler: SamplerChoice;
}
