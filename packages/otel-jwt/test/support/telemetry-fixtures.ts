import { generateKeyPairSync } from 'node:crypto';
import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
import {
  createJwtTelemetry,
  type JwtTelemetry,
  type JwtTelemetryConfig,
  type JwtVerifier,
} from '../../src/index.js';
import { signClaims } from './forge.js';
import type { TestKey } from './test-keys.js';

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'orders';
export const HMAC_KEY = 'k'.repeat(40);

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** One ES256 key of the test issuer, made at run time. */
export const KEY: TestKey = {
  alg: 'ES256',
  kid: 'ec-telemetry',
  signingKey: pair.privateKey,
  publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid: 'ec-telemetry', alg: 'ES256' },
};

/** A token of the test issuer; `claims` override the defaults (valid for an hour, audience `orders`). */
export function mint(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signClaims(KEY, { iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now, exp: now + 3600, ...claims });
}

const FOREIGN: TestKey = {
  ...KEY,
  signingKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
};

/** A token of the test issuer's shape and `kid`, signed by a key the issuer never had: `invalid_signature`. */
export function forge(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signClaims(FOREIGN, {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'alice',
    iat: now,
    exp: now + 3600,
    ...claims,
  });
}

/** Telemetry for the test issuer; `overrides` replace the defaults. */
export function telemetry(overrides: Partial<JwtTelemetryConfig> = {}): JwtTelemetry {
  return createJwtTelemetry({ ...baseConfig(), ...overrides });
}

function baseConfig(): JwtTelemetryConfig {
  return {
    verifier: {
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
        },
      ],
    },
    hmacKey: HMAC_KEY,
  };
}

/** Telemetry of a deployment without `hmacKey`: proofs are `h1` plain hashes. */
export function unkeyedTelemetry(overrides: Partial<JwtTelemetryConfig> = {}): JwtTelemetry {
  const { hmacKey: _ignored, ...config } = { ...baseConfig(), ...overrides };
  return createJwtTelemetry(config);
}

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

/** Runs `extract` of a propagator on a plain header object, as the HTTP instrumentation does. */
export function extract(propagator: TextMapPropagator, headers: Record<string, unknown>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/**
 * Runs `inject` into a header object (a fresh one unless given) with `context`, whose span becomes a
 * client span (kind CLIENT) of the same trace with `url.full` naming the destination (no attribute when undefined).
 */
export function injectTo(
  propagator: TextMapPropagator,
  context: Context,
  url: unknown,
  headers: Record<string, string> = {},
): Record<string, string> {
  const spanContext = trace.getSpanContext(context) ?? {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: 1,
  };
  const span = Object.assign(trace.wrapSpanContext({ ...spanContext, isRemote: false }), {
    kind: SpanKind.CLIENT,
    attributes: url === undefined ? {} : { 'url.full': url },
  });
  propagator.inject(trace.setSpan(context, span), headers, defaultTextMapSetter);
  return headers;
}

/** Baggage entries of a context as a plain record. */
export function baggageOf(context: Context): Record<string, string> {
  const entries = propagation.getBaggage(context)?.getAllEntries() ?? [];
  return Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]));
}

/** An origin every test service trusts, and a URL under it. */
export const TRUSTED_ORIGIN = 'https://orders.internal';
export const TRUSTED_URL = `${TRUSTED_ORIGIN}/orders/7`;
/** A destination no test service trusts. */
export const UNTRUSTED_URL = 'https://partner.example/hooks';

/** A `traceparent` header value of another trace. */
export function traceparentOf(traceId: string): string {
  return `00-${traceId}-b7ad6b7169203331-01`;
}

/** A context as the W3C propagators leave it: a remote parent of `traceId` and, if given, baggage. */
export function remoteContext(
  baggage?: Record<string, string>,
  traceId: string | undefined = TRACE_ID,
): Context {
  let context = ROOT_CONTEXT;
  if (traceId !== undefined) {
    context = trace.setSpanContext(context, {
      traceId,
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
  }
  if (baggage === undefined) return context;
  const entries = Object.fromEntries(Object.entries(baggage).map(([key, value]) => [key, { value }]));
  return propagation.setBaggage(context, propagation.createBaggage(entries));
}

/** Members of a `baggage` header value as a plain record (keys and values decoded). */
export function parseBaggage(header: string | undefined): Record<string, string> {
  const members: Record<string, string> = {};
  for (const member of header === undefined || header === '' ? [] : header.split(',')) {
    const [pair = ''] = member.split(';');
    const eq = pair.indexOf('=');
    members[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return members;
}

/**
 * Keys of a `baggage` header value in header order (decoded). Unlike the keys of {@link parseBaggage},
 * whose record puts keys that look like numbers first.
 */
export function memberKeys(header: string | undefined): string[] {
  if (header === undefined || header === '') return [];
  return header.split(',').map((member) => decodeURIComponent((member.split('=')[0] ?? '').trim()));
}

/**
 * Headers an upstream service sends to a trusted destination after verifying `token`: traceparent and
 * the baggage with its subject proof. `upstream` must trust {@link TRUSTED_ORIGIN}.
 */
export function upstreamHeaders(
  upstream: TextMapPropagator,
  token: string,
  traceparent = TRACEPARENT,
): Record<string, string> {
  const context = extract(upstream, { traceparent, authorization: `Bearer ${token}` });
  return injectTo(upstream, context, TRUSTED_URL);
}

/** What the span processor wrote onto one span. */
export interface RecordingSpan {
  readonly attributes: Attributes;
  readonly events: { readonly name: string; readonly attributes: Attributes | undefined }[];
  setAttributes(attributes: Attributes): RecordingSpan;
  addEvent(name: string, attributes?: Attributes): RecordingSpan;
}

/** A span object with just the methods the processor calls, recording what it is given. */
export function recordingSpan(): RecordingSpan {
  const span: RecordingSpan = {
    attributes: {},
    events: [],
    setAttributes(attributes) {
      Object.assign(span.attributes, attributes);
      return span;
    },
    addEvent(name, attributes) {
      span.events.push({ name, attributes });
      return span;
    },
  };
  return span;
}

/** The context of a child span: a local parent span inside the request's context. */
export function childContext(context: Context): Context {
  return trace.setSpanContext(context, { traceId: TRACE_ID, spanId: '1111111111111111', traceFlags: 1 });
}

/** An entry span and a child span of the request, as the span processor leaves them. */
export function startSpans(
  processor: { onStart(span: RecordingSpan, context: Context): void },
  context: Context,
): { entry: RecordingSpan; child: RecordingSpan } {
  const entry = recordingSpan();
  const child = recordingSpan();
  processor.onStart(entry, context);
  processor.onStart(child, childContext(context));
  return { entry, child };
}

/** A verifier that throws `message` from verify: what the propagator must survive. */
export function throwingVerifier(message: string): JwtVerifier {
  return {
    verify: () => {
      throw new Error(message);
    },
    ready: () => Promise.resolve(),
    refreshKeys: () => Promise.resolve(),
    keyStatus: () => [],
    close: () => {},
  };
}
