// The harness: a token issuer, two sinks and the services C, B, A as child processes.
import { randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { type ServiceHandle, startService } from './child-service.ts';
import type { HopResponse, Runtime, ServiceName, SpanRecord } from './protocol.ts';
import { httpGet, type RawResult, rawExchange } from './raw-http.ts';
import { baseTelemetry, type ChainOverrides, type ServiceContext } from './service-telemetry.ts';
import { type Sink, startSink } from './sink.ts';
import { createTokenIssuer, type TokenIssuer } from './tokens.ts';

export type { ChainOverrides, ServiceContext } from './service-telemetry.ts';

export interface ChainOptions {
  /** The service entry: src/service.ts run directly on Node 24, a bundled service.js on Node 20. */
  readonly serviceEntry: string | URL;
  readonly overrides?: ChainOverrides;
}

export interface Chain {
  readonly tokens: TokenIssuer;
  /** Trusted by every service: receives auth baggage, the proof and (forwardToken) the token. */
  readonly trustedSink: Sink;
  /** Trusted by none. */
  readonly untrustedSink: Sink;
  /** Node and instrumentation-http versions of each service. */
  readonly runtimes: Readonly<Record<ServiceName, Runtime>>;
  origin(name: ServiceName): string;
  /** The service's `/hop` URL, for hop plans. */
  url(name: ServiceName): string;
  /** A well-formed request from the test process (no SDK) to a service, A by default. */
  request(path: string, headers: OutgoingHttpHeaders, to?: ServiceName): Promise<HopResponse>;
  /** Bytes over a socket, for requests node:http will not send. */
  rawRequest(bytes: Buffer, to?: ServiceName): Promise<RawResult>;
  /** The spans of one trace that a service has ended so far. */
  spans(name: ServiceName, traceId: string): Promise<SpanRecord[]>;
  /** A second chain with other settings, sharing keys, hmacKey and sinks; stop it when done. */
  derive(overrides: ChainOverrides): Promise<Chain>;
  stop(): Promise<void>;
}

interface Shared {
  readonly entry: string | URL;
  readonly tokens: TokenIssuer;
  readonly hmacKey: string;
  readonly trustedSink: Sink;
  readonly untrustedSink: Sink;
}

export async function startChain(options: ChainOptions): Promise<Chain> {
  const [tokens, trustedSink, untrustedSink] = await Promise.all([
    createTokenIssuer(),
    startSink('trusted'),
    startSink('untrusted'),
  ]);
  const shared = {
    entry: options.serviceEntry,
    tokens,
    hmacKey: randomBytes(32).toString('base64url'),
    trustedSink,
    untrustedSink,
  };
  try {
    return await startServices(shared, options.overrides ?? {}, async () => {
      await Promise.all([trustedSink.close(), untrustedSink.close()]);
    });
  } catch (error) {
    await Promise.all([trustedSink.close(), untrustedSink.close()]);
    throw error;
  }
}

async function startServices(
  shared: Shared,
  overrides: ChainOverrides,
  closeOwned: () => Promise<void>,
): Promise<Chain> {
  const services = new Map<ServiceName, ServiceHandle>();
  const derived = new Set<Chain>();
  const stopServices = () => Promise.all([...services.values()].map((service) => service.stop()));
  // C first: each service's configuration names the origin of the one it calls.
  try {
    let next: string | undefined;
    for (const name of ['C', 'B', 'A'] as const) {
      const at: ServiceContext = {
        name,
        next,
        trustedSink: shared.trustedSink.origin,
        untrustedSink: shared.untrustedSink.origin,
      };
      const base = baseTelemetry(shared.tokens, shared.hmacKey, at);
      const service = await startService(shared.entry, {
        name,
        telemetry: overrides[name]?.(base, at) ?? base,
      });
      services.set(name, service);
      next = service.origin;
    }
  } catch (error) {
    await stopServices();
    throw error;
  }
  const service = (name: ServiceName) => services.get(name) as ServiceHandle;
  const collected = new Map<ServiceName, SpanRecord[]>();

  const chain: Chain = {
    tokens: shared.tokens,
    trustedSink: shared.trustedSink,
    untrustedSink: shared.untrustedSink,
    runtimes: { A: service('A').runtime, B: service('B').runtime, C: service('C').runtime },
    origin: (name) => service(name).origin,
    url: (name) => `${service(name).origin}/hop`,
    async request(path, headers, to = 'A') {
      const result = await httpGet(`${service(to).origin}${path}`, headers);
      try {
        return JSON.parse(result.text) as HopResponse;
      } catch {
        throw new Error(
          `service ${to} answered ${result.status} with a body that is not JSON: ${result.text.slice(0, 200)}`,
        );
      }
    },
    rawRequest: (bytes, to = 'A') => rawExchange(Number(new URL(service(to).origin).port), bytes),
    async spans(name, traceId) {
      // Kept across calls: a service hands each span over once.
      const all = [...(collected.get(name) ?? []), ...(await service(name).spans())];
      collected.set(name, all);
      return all.filter((span) => span.traceId === traceId);
    },
    async derive(more) {
      const other = await startServices(shared, more, async () => {
        derived.delete(other);
      });
      derived.add(other);
      return other;
    },
    async stop() {
      await Promise.all([...derived].map((other) => other.stop()));
      await stopServices();
      await closeOwned();
    },
  };
  return chain;
}
