// A service's settings, from the environment main starts it with.
import { SERVICE_ENV, type ServiceName } from '../../protocol.ts';

export interface ServiceSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly hmacKeyFile: string;
  readonly downstream: Readonly<Partial<Record<ServiceName, string>>>;
  /** The client this service authenticates as at the IdP's introspection endpoint. */
  readonly introspectionClient: { readonly id: string; readonly secret: string };
}

export function serviceSettings(): ServiceSettings {
  return {
    issuer: required(SERVICE_ENV.issuer),
    audience: required(SERVICE_ENV.audience),
    hmacKeyFile: required(SERVICE_ENV.hmacKeyFile),
    downstream: JSON.parse(process.env[SERVICE_ENV.downstream] ?? '{}') as ServiceSettings['downstream'],
    introspectionClient: {
      id: required(SERVICE_ENV.introspectionClientId),
      secret: required(SERVICE_ENV.introspectionClientSecret),
    },
  };
}

/** The origin of a service this one calls; its telemetry trusts exactly these origins. */
export function downstreamOrigin(settings: ServiceSettings, name: ServiceName): string {
  const origin = settings.downstream[name];
  if (origin === undefined) throw new Error(`no origin for ${name} in ${SERVICE_ENV.downstream}`);
  return origin;
}

export function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set (start the demo with src/main.ts)`);
  return value;
}
