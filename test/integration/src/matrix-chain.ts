// The matrix harness: A -> B -> C as matrix services of one transport and sampler, with sinks of the same
// transport. Each service trusts both listeners of the service it calls and the trusted sink; its
// forwardToken names the second listener of the next service and the trusted sink, so a hop plan chooses
// per call whether the library forwards the token (call the second listener) or not (call the first).
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { type ServiceHandle, startService } from './child-service.ts';
import { encodePlan } from './hop-plan.ts';
import { grpcClient } from './matrix-clients.ts';
import type { MatrixServiceConfig, SamplerChoice, Transport } from './matrix-protocol.ts';
import { type MatrixSink, startGrpcSink, startHttpSink } from './matrix-sinks.ts';
import {
  type Downstream,
  type HopResponse,
  PLAN_HEADER,
  type ServiceName,
  type SpanRecord,
} from './protocol.ts';
import { httpGet } from './raw-http.ts';
import type { Call } from './scenario-kit.ts';
import { baseTelemetry } from './service-telemetry.ts';
import { createTokenIssuer, type TokenIssuer } from './tokens.ts';

const SERVICE_ENTRY = new URL('./matrix-service.ts', import.meta.url);

export interface MatrixChain {
  readonly transport: Transport;
  readonly sampler: SamplerChoice;
  /** Whether the services record spans (the default sampler) or none (always off). */
  readonly sampled: boolean;
  readonly tokens: TokenIssuer;
  /** Trusted by every service: receives auth baggage, the proof and (forwardToken) the token. */
  readonly trustedSink: MatrixSink;
  /** Trusted by none. */
  readonly untrustedSink: MatrixSink;
  /** The hop URL of the service's first listener, which no forwardToken names. */
  url(name: ServiceName): string;
  /** The hop URL of the service's second listener, which the forwardToken of the service before it names. */
  forwardingUrl(name: ServiceName): string;
  /** A request from the test process (no SDK) over the chain's transport, to A unless `to` says otherwise. */
  call(call: Call): Promise<HopResponse>;
  /** The spans of one trace that a service has ended so far. */
  spans(name: ServiceName, traceId: string): Promise<SpanRecord[]>;
  stop(): Promise<void>;
}

export async function startMatrixChain(transport: Transport, sampler: SamplerChoice): Promise<MatrixChain> {
  const startSink = transport === 'grpc' ? startGrpcSink : startHttpSink;
  const [tokens, trustedSink, untrustedSink] = await Promise.all([
    createTokenIssuer(),
    startSink('trusted'),
    startSink('untrusted'),
  ]);
  const hmacKey = randomBytes(32).toString('base64url');
  const services = new Map<ServiceName, ServiceHandle>();
  const client = transport === 'grpc' ? grpcClient(grpc) : undefined;
  const stop = async () => {
    client?.close();
    await Promise.all([...services.values()].map((service) => service.stop()));
    await Promise.all([trustedSink.close(), untrustedSink.close()]);
  };
  try {
    // C first: each service's configuration names the origins of the one it calls.
    let next: ServiceHandle | undefined;
    for (const name of ['C', 'B', 'A'] as const) {
      const at = {
        name,
        next: next?.origin,
        trustedSink: trustedSink.origin,
        untrustedSink: untrustedSink.origin,
      };
      const forwarding = next?.secondOrigin === undefined ? [] : [next.secondOrigin];
      const config: MatrixServiceConfig = {
        name,
        transport,
        sampler,
        telemetry: {
          ...baseTelemetry(tokens, hmacKey, at),
          trustedDestinations: [
            ...(next === undefined ? [] : [next.origin]),
            ...forwarding,
            trustedSink.origin,
          ],
          forwardToken: { to: [...forwarding, trustedSink.origin] },
        },
      };
      next = await startService(SERVICE_ENTRY, config);
      services.set(name, next);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const service = (name: ServiceName) => services.get(name) as ServiceHandle;
  const collected = new Map<ServiceName, SpanRecord[]>();
  return {
    transport,
    sampler,
    sampled: sampler === 'default',
    tokens,
    trustedSink,
    untrustedSink,
    url: (name) => `${service(name).origin}/hop`,
    forwardingUrl: (name) => `${service(name).secondOrigin}/hop`,
    async call({ authorization, headers, hops = [], to = 'A' }) {
      const sent = { ...headers, ...(authorization === undefined ? {} : { authorization }) };
      const url = `${service(to).origin}/hop`;
      const reply: Downstream =
        client === undefined
          ? parse(
              await httpGet(url, {
                ...sent,
                ...(hops.length === 0 ? {} : { [PLAN_HEADER]: encodePlan(hops) }),
              }),
            )
          : await client.call({ url }, sent, hops);
      if (!('service' in reply))
        throw new Error(`service ${to} did not answer a hop: ${JSON.stringify(reply)}`);
      return reply;
    },
    async spans(name, traceId) {
      // Kept across calls: a service hands each span over once.
      const all = [...(collected.get(name) ?? []), ...(await service(name).spans())];
      collected.set(name, all);
      return all.filter((span) => span.traceId === traceId);
    },
    stop,
  };
}

function parse(result: { status: number; text: string }): Downstream {
  try {
    return JSON.parse(result.text) as Downstream;
  } catch {
    return { error: `status ${result.status}: ${result.text.slice(0, 200)}` };
  }
}
