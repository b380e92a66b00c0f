// The careless chain: services C, B, A as child processes (careless-service.ts) exporting real OTLP/HTTP
// in one encoding to a receiver in the test process. Stopping it flushes every export.
import { randomBytes } from 'node:crypto';
import type { CarelessReply } from './careless-handler.ts';
import { type ServiceHandle, startService } from './child-service.ts';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.ts';
import type { OtlpEncoding, ServiceName } from './protocol.ts';
import { httpGet } from './raw-http.ts';
import { baseTelemetry } from './service-telemetry.ts';
import { createTokenIssuer, type TokenIssuer } from './tokens.ts';

const ENTRY = new URL('./careless-service.ts', import.meta.url);
/** No sink is used here; a closed loopback port keeps any stray call local. */
const NOWHERE = 'http://127.0.0.1:9';

export interface CarelessChain {
  readonly tokens: TokenIssuer;
  readonly receiver: OtlpReceiver;
  /** Calls A with `path` and `headers`; the reply holds each hop's view. */
  request(path: string, headers: Record<string, string>): Promise<CarelessReply>;
  /** Stops the services (flushing their exporters), then the receiver. */
  stop(): Promise<void>;
}

export async function startCarelessChain(encoding: OtlpEncoding): Promise<CarelessChain> {
  const [tokens, receiver] = await Promise.all([createTokenIssuer(), startOtlpReceiver()]);
  const hmacKey = randomBytes(32).toString('base64url');
  const services: ServiceHandle[] = [];
  let next: string | undefined;
  try {
    for (const name of ['C', 'B', 'A'] as ServiceName[]) {
      const at = { name, next, trustedSink: NOWHERE, untrustedSink: NOWHERE };
      const service = await startService(ENTRY, {
        name,
        telemetry: baseTelemetry(tokens, hmacKey, at),
        otlp: { endpoint: receiver.endpoint, encoding },
        ...(next === undefined ? {} : { next }),
      });
      services.push(service);
      next = service.origin;
    }
  } catch (error) {
    await Promise.all(services.map((service) => service.stop()));
    await receiver.close();
    throw error;
  }
  const entry = next as string;
  return {
    tokens,
    receiver,
    async request(path, headers) {
      const { text } = await httpGet(`${entry}${path}`, headers);
      return JSON.parse(text) as CarelessReply;
    },
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
      await receiver.close();
    },
  };
}
