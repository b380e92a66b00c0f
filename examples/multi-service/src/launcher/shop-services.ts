// Starts the four services, leaves first (each one's telemetry trusts the origins of those it calls),
// and stops them all, each flushing its telemetry.
import { SERVICE_ENV, type ServiceName } from '../protocol.ts';
import { type ServiceProcess, startServiceProcess } from './service-process.ts';

export interface ShopSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly tokenEndpoint: string;
  readonly ordersClientSecret: string;
  /** The client every service authenticates as at the IdP's introspection endpoint. */
  readonly introspectionClient: { readonly id: string; readonly secret: string };
  readonly hmacKeyFile: string;
  /** Where the services export OTLP/HTTP (the demo's collector). */
  readonly otlpEndpoint: string;
}

export interface Shop {
  readonly services: readonly ServiceProcess[];
  origin(name: ServiceName): string;
  stop(): Promise<void>;
}

export async function startShop(settings: ShopSettings): Promise<Shop> {
  const started = new Map<ServiceName, ServiceProcess>();
  const stop = () =>
    Promise.all([...started.values()].map((service) => service.stop())).then(() => undefined);
  const origins = (...names: ServiceName[]) =>
    JSON.stringify(Object.fromEntries(names.map((name) => [name, started.get(name)?.origin])));
  try {
    // inventory and payments call nobody; orders calls both; the gateway calls orders.
    const [inventory, payments] = await Promise.all([
      startServiceProcess('inventory', serviceEnv(settings, '{}')),
      startServiceProcess('payments', serviceEnv(settings, '{}')),
    ]);
    started.set('inventory', inventory).set('payments', payments);
    started.set(
      'orders',
      await startServiceProcess('orders', {
        ...serviceEnv(settings, origins('inventory', 'payments')),
        [SERVICE_ENV.tokenEndpoint]: settings.tokenEndpoint,
        [SERVICE_ENV.clientSecret]: settings.ordersClientSecret,
      }),
    );
    started.set('gateway', await startServiceProcess('gateway', serviceEnv(settings, origins('orders'))));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    services: [...started.values()],
    origin: (name) => started.get(name)?.origin ?? '',
    stop,
  };
}

function serviceEnv(settings: ShopSettings, downstream: string): NodeJS.ProcessEnv {
  // The user's OTLP settings are main's to forward; each service exports to the demo's collector only.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && key !== 'NODE_OPTIONS'),
  );
  return {
    ...inherited,
    OTEL_EXPORTER_OTLP_ENDPOINT: settings.otlpEndpoint,
    // Export within half a second, so traces show up in Jaeger while the demo runs; stopping flushes the rest.
    OTEL_BSP_SCHEDULE_DELAY: '500',
    OTEL_BLRP_SCHEDULE_DELAY: '500',
    OTEL_METRICS_EXPORTER: 'none',
    [SERVICE_ENV.issuer]: settings.issuer,
    [SERVICE_ENV.audience]: settings.audience,
    [SERVICE_ENV.hmacKeyFile]: settings.hmacKeyFile,
    [SERVICE_ENV.downstream]: downstream,
    [SERVICE_ENV.introspectionClientId]: settings.introspectionClient.id,
    [SERVICE_ENV.introspectionClientSecret]: settings.introspectionClient.secret,
  };
}
