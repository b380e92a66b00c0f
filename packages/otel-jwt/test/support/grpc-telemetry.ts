// One process-wide OpenTelemetry setup for the gRPC tests: a started NodeSDK with the JWT telemetry's
// propagator registered globally, instrumentation-grpc enabled (configured through
// jwtGrpcInstrumentationConfig) and a sampler the tests switch between the default and AlwaysOff.
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import { GrpcInstrumentation, type GrpcInstrumentationConfig } from '@opentelemetry/instrumentation-grpc';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  type Sampler,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { Destination } from '../../src/index.js';
import { jwtGrpcInstrumentationConfig } from '../../src/sdk/grpc-instrumentation-config.js';
import { telemetry } from './telemetry-fixtures.js';

/** NodeSDK's default (parent-based, always on at the root) and one that records nothing. */
export const SAMPLERS = {
  default: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  'always-off': new AlwaysOffSampler(),
} as const satisfies Record<string, Sampler>;
export type SamplerName = keyof typeof SAMPLERS;

let current: Sampler = SAMPLERS.default;
const switching: Sampler = {
  shouldSample: (...args) => current.shouldSample(...args),
  toString: () => `switching(${current.toString()})`,
};

export function useSampler(name: SamplerName): void {
  current = SAMPLERS[name];
}

/** Ports on 127.0.0.1 (insecure channels: `http:` destinations) trusted with auth baggage, and with the token. */
export const trustedPorts = new Set<number>();
export const forwardPorts = new Set<number>();
const local = (ports: Set<number>) => (destination: Destination) =>
  destination.origin === `http://127.0.0.1:${destination.port}` && ports.has(destination.port);

export interface GrpcTelemetry {
  /** grpc-js as instrumentation-grpc patched it: loaded after the instrumentation was enabled. */
  readonly grpc: typeof Grpc;
  readonly exporter: InMemorySpanExporter;
  stop(): Promise<void>;
}

/** Starts the SDK; `instrumentation` are instrumentation-grpc options, passed through jwtGrpcInstrumentationConfig. */
export function startGrpcTelemetry(instrumentation: GrpcInstrumentationConfig = {}): GrpcTelemetry {
  const jwt = telemetry({
    claims: { tenant: 'tenant.id' },
    trustedDestinations: local(trustedPorts),
    forwardToken: { to: local(forwardPorts) },
  });
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    sampler: switching,
    spanProcessors: [jwt.spanProcessor, new SimpleSpanProcessor({ exporter })],
    instrumentations: [new GrpcInstrumentation(jwtGrpcInstrumentationConfig(instrumentation))],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // A static import would bind grpc-js's exports before the instrumentation could patch them.
  const grpc = createRequire(import.meta.url)('@grpc/grpc-js') as typeof Grpc;
  return { grpc, exporter, stop: () => sdk.shutdown() };
}
