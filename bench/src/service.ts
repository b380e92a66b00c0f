// Child-process entry of one benchmarked service: one configuration, a node:http server on loopback,
// counters and memory figures for the runner over IPC. One process per run: a fresh NodeSDK each time.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { serveRunner } from '@otel-jwt/load-support/service-child';
import { counters } from './answer.ts';
import { SERVICE_CONFIG_ENV, type ServiceConfig, type ServiceStats } from './protocol.ts';
import { startVariant } from './variants.ts';

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as ServiceConfig;
const variant = await startVariant(config);

// Loaded through require after the SDK started: instrumentation-http patches `http` from a require
// hook, which an ESM import of a built-in module would bypass.
const http = createRequire(import.meta.url)('node:http') as typeof Http;
serveRunner<ServiceStats>(http.createServer(variant.handle), {
  stats() {
    const { heapUsed, heapTotal, rss } = process.memoryUsage();
    const cpu = process.cpuUsage();
    return { heapUsed, heapTotal, rss, cpuUs: cpu.user + cpu.system, ...counters };
  },
  shutdown: () => variant.shutdown(),
});
