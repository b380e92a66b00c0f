// Child-process entry of a careless service of the leak-classes test: the careless application
// (leak-app.ts) on node:http, its SDK set up either with otel-jwt (leak-sdk-otel-jwt.ts) or stock, with no
// otel-jwt loaded at all (leak-sdk-stock.ts, the control). Both export real OTLP/HTTP for traces, logs and
// metrics; stopping the service shuts its SDK down, which flushes every export before it exits.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import { send, stopper } from './child-lifecycle.ts';
import { createLeakApp } from './leak-app.ts';
import { leakClients } from './leak-app-clients.ts';
import { scopeNamed } from './leak-app-kit.ts';
import type { LeakServiceConfig } from './leak-protocol.ts';
import type { LeakTelemetry } from './leak-sdk-parts.ts';
import { SERVICE_CONFIG_ENV, type ToService } from './protocol.ts';

const STEP_TIMEOUT_MS = 5_000;

const config = JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? 'null') as LeakServiceConfig;
const { credentials, mode } = config.leak;

// Class 7: the deployment's resource attributes, read by the SDK's environment detector alone. The
// launcher hands its child one JSON configuration, so the variables are set here, before the SDK is
// created and reads them, as a deployment's environment would have them.
process.env.OTEL_RESOURCE_ATTRIBUTES = [
  `deployment.note=${credentials.origin.resourceJwt}`,
  `app.api_token=${credentials.origin.apiToken}`,
].join(',');
process.env.OTEL_NODE_RESOURCE_DETECTORS = 'env';

// Imported by mode, so that the control never loads otel-jwt.
const telemetry: LeakTelemetry =
  mode === 'otel-jwt'
    ? await (await import('./leak-sdk-otel-jwt.ts')).startOtelJwtTelemetry(config)
    : await (await import('./leak-sdk-stock.ts')).startStockTelemetry(config);

// Loaded through require after the SDK started: the instrumentations patch these modules from require
// hooks, which an ESM import would bypass.
const require = createRequire(import.meta.url);
const http = require('node:http') as typeof Http;
const grpc = require('@grpc/grpc-js') as typeof Grpc;
const clients = leakClients(http, grpc, telemetry.grpcClientOptions, {
  http: config.leak.httpSink,
  grpc: config.leak.grpcSink,
});
const app = createLeakApp(
  {
    credentials,
    clients,
    app: scopeNamed('careless-app'),
    named: scopeNamed(`orders ${credentials.origin.scopeJwt}`),
  },
  telemetry.readAuth,
);

const server = http.createServer(app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') {
    send({ type: 'ready', runtime: { node: process.version, instrumentationHttp: '' }, port: address.port });
  }
});

const stop = stopper(server, [async () => clients.close(), ...telemetry.shutdowns], STEP_TIMEOUT_MS);

process.on('message', (message: ToService) => {
  if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
