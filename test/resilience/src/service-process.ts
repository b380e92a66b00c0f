// Test side of the service child: the shared launcher with this service's entry, configuration,
// upstream and waits, and the child's output kept for the failure message.
import { fileURLToPath } from 'node:url';
import { type ServiceProcess, startServiceProcess } from '@otel-jwt/load-support/service-launcher';
import { SERVICE_CONFIG_ENV, type ServiceConfig, type ServiceStats, UPSTREAM_ENV } from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./service.ts', import.meta.url));
const TIMEOUTS = { startMs: 20_000, replyMs: 10_000, stopMs: 8_000 };
const OUTPUT_TAIL_CHARS = 8_000;

/** `stats()`: verdicts since the previous call (the service starts counting afresh), diagnostics, heap. */
export type ServiceHandle = ServiceProcess<ServiceStats>;

/** `upstream`: where the service forwards requests to FORWARD_PATH, as a gateway. */
export async function startService(config: ServiceConfig, upstream = ''): Promise<ServiceHandle> {
  return startServiceProcess<ServiceStats>({
    entry: ENTRY,
    env: { [SERVICE_CONFIG_ENV]: JSON.stringify(config), [UPSTREAM_ENV]: upstream },
    timeouts: TIMEOUTS,
    // Live-heap figures: the fault runs check the heap stays flat.
    exposeGc: true,
    outputTailChars: OUTPUT_TAIL_CHARS,
  });
}
