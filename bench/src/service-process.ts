// Runner side of a benchmarked service child: the shared launcher with the benchmark's entry,
// configuration and waits.
import { fileURLToPath } from 'node:url';
import {
  type ServiceProcess,
  type ServiceProcessOptions,
  startServiceProcess,
} from '@otel-jwt/load-support/service-launcher';
import { SERVICE_CONFIG_ENV, type ServiceConfig, type ServiceStats } from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./service.ts', import.meta.url));
const TIMEOUTS = { startMs: 30_000, replyMs: 30_000, stopMs: 8_000 };

export type ServiceHandle = ServiceProcess<ServiceStats>;

/** V8 flags of the child, for the memory run and for CPU profiles. */
export type ServiceOptions = Pick<ServiceProcessOptions, 'exposeGc' | 'maxOldSpaceMb' | 'cpuProfileDir'>;

export async function startService(
  config: ServiceConfig,
  options: ServiceOptions = {},
): Promise<ServiceHandle> {
  return startServiceProcess<ServiceStats>({
    ...options,
    entry: ENTRY,
    env: { [SERVICE_CONFIG_ENV]: JSON.stringify(config) },
    timeouts: TIMEOUTS,
  });
}
