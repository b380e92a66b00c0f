// Real spans of instrumentation-grpc configured through jwtGrpcInstrumentationConfig, with credential
// metadata listed in every list of metadataToSpanAttributes: it is never recorded, the other metadata is.
// Only the default sampler here: with AlwaysOff there is no span to hold anything.
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Hops, startHops } from '../support/grpc-hops.js';
import { type GrpcTelemetry, startGrpcTelemetry, useSampler } from '../support/grpc-telemetry.js';
import { mint } from '../support/telemetry-fixtures.js';

const LISTED = ['authorization', 'cookie', 'x-api-key', 'x-session-token', 'x-tenant', 'x-region'];
const SESSION = 'session-credential-5b1e0c9d7a2f';
const API_KEY = 'api-key-credential-3c8d2e6f9a1b';

let otel: GrpcTelemetry;
let hops: Hops;
let target: string;

beforeAll(async () => {
  useSampler('default');
  const lists = { requestMetadata: LISTED, responseMetadata: LISTED };
  otel = startGrpcTelemetry({ metadataToSpanAttributes: { client: lists, server: lists } });
  hops = startHops(otel.grpc);
  const { ServerInterceptingCall } = otel.grpc;
  // Response metadata with a credential in it, as a server setting a session might send.
  target = await hops.serve({
    interceptors: [
      (_method, call) =>
        new ServerInterceptingCall(call, {
          sendMetadata: (metadata, next) => {
            metadata.set('x-session-token', SESSION);
            metadata.set('x-region', 'eu');
            next(metadata);
          },
        }),
    ],
  });
});
afterAll(async () => {
  hops.close();
  await otel.stop();
});

test('credential metadata listed in metadataToSpanAttributes never reaches a span, the rest does', async () => {
  const token = mint();
  const metadata = new otel.grpc.Metadata();
  metadata.set('cookie', `sid=${SESSION}`);
  metadata.set('x-api-key', API_KEY);
  metadata.set('x-tenant', 'acme');
  otel.exporter.reset();
  await hops.call({ target, authorization: `Bearer ${token}` }, [], metadata);

  const spans = otel.exporter.getFinishedSpans();
  expect(spans).toHaveLength(2);
  for (const span of spans) {
    const keys = Object.keys(span.attributes).filter((key) => key.startsWith('rpc.'));
    expect(keys.filter((key) => key.includes('.metadata.')).sort()).toEqual(
      [
        'rpc.request.metadata.x_tenant',
        ...(span.kind === SpanKind.CLIENT ? ['rpc.response.metadata.x_region'] : []),
      ].sort(),
    );
    const text = JSON.stringify(span.attributes);
    for (const secret of [token, SESSION, API_KEY]) expect(text).not.toContain(secret);
  }
});
