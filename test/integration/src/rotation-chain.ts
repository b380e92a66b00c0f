// A -> B -> C whose services are restarted one by one with new hmacKey settings while requests flow.
// Each service sits behind a TCP relay on a loopback port of its own that sends new connections to the
// service's newest instance: the others keep calling, and trusting, one origin throughout, and the old
// instance keeps answering the connections it has until it stops, as in a rolling restart.
import { connect, createServer, type Socket } from 'node:net';
import { type ServiceHandle, startService } from './child-service.ts';
import type { ServiceName } from './protocol.ts';
import { baseTelemetry } from './service-telemetry.ts';
import { createTokenIssuer, type TokenIssuer } from './tokens.ts';

/** How long an old instance keeps answering after new connections go to its successor. */
const DRAIN_MS = 300;
const NAMES = ['C', 'B', 'A'] as const;

export interface RotationChain {
  readonly tokens: TokenIssuer;
  /** The stable origin of a service (its relay). */
  origin(name: ServiceName): string;
  /** Starts a new instance of `name` with `hmacKey`, sends new connections to it, then stops the old one. */
  restart(name: ServiceName, hmacKey: readonly string[]): Promise<void>;
  /** Everything the current instance of `name` wrote to stdout and stderr (its last 8,000 characters). */
  output(name: ServiceName): string;
  stop(): Promise<void>;
}

interface Relay {
  readonly origin: string;
  target: number;
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const open = new Set<Socket>();
  const relay = { origin: '', target: 0, close: async () => {} };
  const server = createServer((inbound) => {
    const outbound = connect({ host: '127.0.0.1', port: relay.target });
    const end = () => {
      for (const socket of [inbound, outbound]) {
        socket.destroy();
        open.delete(socket);
      }
    };
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.on('error', end).on('close', end);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return Object.assign(relay, {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

const portOf = (origin: string) => Number(new URL(origin).port);

export async function startRotationChain(entry: URL, hmacKey: readonly string[]): Promise<RotationChain> {
  const tokens = await createTokenIssuer();
  const relays = new Map<ServiceName, Relay>();
  const services = new Map<ServiceName, ServiceHandle>();
  for (const name of NAMES) relays.set(name, await startRelay());
  const relay = (name: ServiceName) => relays.get(name) as Relay;
  const nextOf = { A: 'B', B: 'C', C: undefined } as const;

  const launch = async (name: ServiceName, keys: readonly string[]) => {
    const next = nextOf[name];
    const at = {
      name,
      next: next === undefined ? undefined : relay(next).origin,
      // No sink takes part: these origins only fill the base configuration.
      trustedSink: 'http://127.0.0.1:9',
      untrustedSink: 'http://127.0.0.1:10',
    };
    const telemetry = { ...baseTelemetry(tokens, keys[0] as string, at), hmacKey: [...keys] };
    const service = await startService(entry, { name, telemetry });
    relay(name).target = portOf(service.origin);
    return service;
  };

  const stopAll = async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await Promise.all([...relays.values()].map((each) => each.close()));
  };
  try {
    for (const name of NAMES) services.set(name, await launch(name, hmacKey));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    tokens,
    origin: (name) => relay(name).origin,
    async restart(name, keys) {
      const old = services.get(name) as ServiceHandle;
      services.set(name, await launch(name, keys));
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      await old.stop();
    },
    output: (name) => (services.get(name) as ServiceHandle).output(),
    stop: stopAll,
  };
}
