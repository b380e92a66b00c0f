// One run of the careless application (leak-service.ts) in one mode and encoding: its own OTLP receiver,
// raw HTTP sink and gRPC sink, one request per class of carelessness from the test as the client, then
// a stop that flushes every export. Everything it started is stopped before it returns.
import { randomBytes } from 'node:crypto';
import { type ServiceHandle, startService } from './child-service.ts';
import {
  type LeakCredentials,
  type LeakMode,
  type LeakReply,
  type LeakServiceConfig,
  SINK_TAG,
} from './leak-protocol.ts';
import { type MatrixSink, type Received, startGrpcSink } from './matrix-sinks.ts';
import { type OtlpReceiver, type ReceivedExport, startOtlpReceiver } from './otlp-receiver.ts';
import type { OtlpEncoding } from './protocol.ts';
import { httpGet } from './raw-http.ts';
import { type RawRequest, type RawSink, startRawSink } from './raw-sink.ts';
import type { TokenIssuer } from './tokens.ts';

const ENTRY = new URL('./leak-service.ts', import.meta.url);

export interface LeakRun {
  readonly mode: LeakMode;
  readonly encoding: OtlpEncoding;
  readonly replies: readonly LeakReply[];
  readonly exports: readonly ReceivedExport[];
  /** What the application's node:http and fetch calls sent to the untrusted HTTP sink. */
  readonly httpRequests: readonly RawRequest[];
  /** What its gRPC calls sent to the untrusted gRPC sink. */
  readonly grpcRequests: readonly Received[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The test's requests, one or more per class, as a client would send them. */
function requests(c: LeakCredentials): [path: string, headers: Record<string, string | string[]>][] {
  return [
    ['/handed', { authorization: `Bearer ${c.handed.opaque}`, 'x-refresh-token': c.handed.refresh }],
    ['/handed', { authorization: `Bearer ${c.handed.otherKeyJwt}` }],
    ['/handed', { authorization: [`Bearer ${c.handed.firstOfTwo}`, `Bearer ${c.handed.secondOfTwo}`] }],
    ['/sends', {}],
    ['/encoded', { authorization: `Bearer ${c.encoded.inboundJwt}` }],
    [
      '/context',
      {
        traceparent: `00-${hex(16)}-${hex(8)}-01`,
        tracestate: `acme=${c.context.traceStateJwt},other=plain`,
        baggage: `app.flag=on;origin=${c.context.baggageJwt},app.locale=en`,
      },
    ],
    ['/late', {}],
    ['/metrics', {}],
    ['/origin', {}],
  ];
}

export async function runCarelessApp(
  mode: LeakMode,
  encoding: OtlpEncoding,
  credentials: LeakCredentials,
  issuer: TokenIssuer,
): Promise<LeakRun> {
  let receiver: OtlpReceiver | undefined;
  let httpSink: RawSink | undefined;
  let grpcSink: MatrixSink | undefined;
  let service: ServiceHandle | undefined;
  try {
    // One at a time, so that whatever did start is closed below should a later one fail.
    receiver = await startOtlpReceiver();
    httpSink = await startRawSink();
    grpcSink = await startGrpcSink('untrusted');
    const config: LeakServiceConfig = {
      // The launcher's label for the child, in its error messages.
      name: 'A',
      telemetry: {
        verifier: {
          issuers: [
            {
              issuer: issuer.issuer,
              audience: issuer.audience,
              keys: { type: 'static', keys: [{ type: 'jwk', jwk: issuer.publicJwk, alg: 'ES256' }] },
            },
          ],
        },
        hmacKey: randomBytes(32).toString('base64url'),
      },
      otlp: { endpoint: receiver.endpoint, encoding },
      leak: { mode, credentials, httpSink: httpSink.origin, grpcSink: grpcSink.origin },
    };
    service = await startService(ENTRY, config);
    const replies: LeakReply[] = [];
    for (const [path, headers] of requests(credentials)) {
      const { text } = await httpGet(`${service.origin}${path}`, headers);
      replies.push(JSON.parse(text) as LeakReply);
    }
    // Stopping shuts the SDK down: batch processors and the metric reader export what they hold.
    await service.stop();
    return {
      mode,
      encoding,
      replies,
      exports: [...receiver.received],
      httpRequests: [...httpSink.requests],
      grpcRequests: grpcSink.tagged(SINK_TAG),
    };
  } finally {
    await service?.stop();
    await Promise.all([receiver?.close(), httpSink?.close(), grpcSink?.close()]);
  }
}
