// Shapes shared by the leak-classes test and its careless services (leak-service.ts): the credentials
// of each class of carelessness, the service's configuration, its routes and its replies.
import type { ServiceConfig } from './protocol.ts';

/** Class 3: the encodings an application applies to a credential it holds. */
export const ENCODED_FORMS = ['base64', 'base64url', 'hex', 'url-path', 'query-name', 'inspect'] as const;
export type EncodedForm = (typeof ENCODED_FORMS)[number];

/** Class 2: the ways Node lets an application send its own credential. */
export const SENDING_WAYS = ['setHeader', 'headerArray', 'headerValueArray', 'fetch', 'grpc'] as const;
export type SendingWay = (typeof SENDING_WAYS)[number];

/** Every credential of the test, by class; no two share 16 characters in any form the scanner counts. */
export interface LeakCredentials {
  /** Class 1: handed to the process, none of them an issuer-signed JWT. */
  readonly handed: {
    readonly opaque: string;
    readonly refresh: string;
    readonly otherKeyJwt: string;
    readonly firstOfTwo: string;
    readonly secondOfTwo: string;
  };
  /** Class 2: the application's own client credentials (opaque), one per way of sending. */
  readonly sent: Readonly<Record<SendingWay, string>>;
  /** Class 3: a JWT the issuer signed, and per form a credential the application sends first. */
  readonly encoded: { readonly inboundJwt: string; readonly forms: Readonly<Record<EncodedForm, string>> };
  /** Class 4: what the client puts into the trace context. */
  readonly context: { readonly traceStateJwt: string; readonly baggageJwt: string };
  /** Class 5: credentials the application sends, then writes into values it handed over earlier. */
  readonly late: { readonly spanBytes: string; readonly logObject: string; readonly logBytes: string };
  /** Class 6: credentials the application sends, then records as metric attributes. */
  readonly metrics: { readonly opaque: string; readonly jwt: string };
  /** Class 7: the deployment's resource attributes and the name of the application's scopes. */
  readonly origin: { readonly resourceJwt: string; readonly apiToken: string; readonly scopeJwt: string };
}

/** `otel-jwt`: set up as its README recommends; `control`: the stock SDK, no otel-jwt loaded at all. */
export type LeakMode = 'otel-jwt' | 'control';

export interface LeakServiceConfig extends ServiceConfig {
  readonly otlp: NonNullable<ServiceConfig['otlp']>;
  readonly leak: {
    readonly mode: LeakMode;
    readonly credentials: LeakCredentials;
    /** Origin of the raw HTTP sink (fetch and node:http calls). */
    readonly httpSink: string;
    /** Origin of the gRPC sink. */
    readonly grpcSink: string;
  };
}

/** One route per class; `/origin` makes the spans, logs and metrics of the scopes named with a token. */
export const LEAK_ROUTES = [
  '/handed',
  '/sends',
  '/encoded',
  '/context',
  '/late',
  '/metrics',
  '/origin',
] as const;
export type LeakRoute = (typeof LEAK_ROUTES)[number];

/** Metadata entry that tags the gRPC calls, so the sink keeps them. */
export const SINK_TAG = 'leak';

export interface LeakReply {
  readonly route: string;
  /** What `getAuth` told the app; null in the control, which has no otel-jwt. */
  readonly auth: { readonly status: string; readonly code?: string } | null;
  /** Outgoing calls the handler made, and how many of them failed. */
  readonly calls: number;
  readonly failedCalls: number;
}
