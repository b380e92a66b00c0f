import { type Context, defaultTextMapSetter, SpanKind, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, test } from 'vitest';
import {
  extract,
  injectTo,
  mint,
  parseBaggage,
  TRACE_ID,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
} from '../support/telemetry-fixtures.js';

// Where inject believes the request goes (review findings M3 and M4). A destination is trusted only
// from the HTTP hook's record for this very inject, or from the URL of a CLIENT span.

const jwt = telemetry({
  claims: { roles: 'user.roles' },
  trustedDestinations: [TRUSTED_ORIGIN],
  forwardToken: { to: [TRUSTED_ORIGIN] },
});

function request(): Context {
  const token = mint({ roles: ['reader'] });
  return extract(jwt.propagator, {
    traceparent: TRACEPARENT,
    authorization: `Bearer ${token}`,
    baggage: 'color=blue',
  });
}

/** The outgoing-request hook of the HTTP instrumentation, for a request to the trusted origin. */
function hookRecordsTrustedDestination(): void {
  jwt.httpInstrumentationConfig.startOutgoingSpanHook({ protocol: 'https:', hostname: 'orders.internal' });
}

/** Inject from a span of `kind` carrying `attributes`, as an SDK span exposes them. */
function injectFromSpan(context: Context, kind: SpanKind, attributes: Record<string, unknown>) {
  const spanContext = { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: 1 };
  const span = Object.assign(trace.wrapSpanContext(spanContext), { kind, attributes });
  const headers: Record<string, string> = {};
  jwt.propagator.inject(trace.setSpan(context, span), headers, defaultTextMapSetter);
  return headers;
}

/** Whether `headers` carry anything only a trusted or forwarding destination may get. */
function carriesAuth(headers: Record<string, string>): boolean {
  const baggage = parseBaggage(headers.baggage);
  return 'authorization' in headers || 'user.roles' in baggage || 'jwt.subject_proof' in baggage;
}

describe('the hook record of a suppressed inject (M3)', () => {
  test('control: without it, the next inject in the same run goes to the recorded trusted destination', () => {
    const context = request();
    hookRecordsTrustedDestination();
    const headers = injectTo(jwt.propagator, context, undefined);
    expect(carriesAuth(headers)).toBe(true);
  });

  test('is consumed by the suppressed inject, so a following manual inject to an unknown destination gets no auth', () => {
    const context = request();
    hookRecordsTrustedDestination();
    const suppressed: Record<string, string> = {};
    jwt.propagator.inject(suppressTracing(context), suppressed, defaultTextMapSetter);
    expect(suppressed).toEqual({});
    const headers = injectTo(jwt.propagator, context, undefined);
    expect(carriesAuth(headers)).toBe(false);
    expect(parseBaggage(headers.baggage)).toEqual({ color: 'blue' });
  });

  test('is consumed by the JWT propagator alone under suppression too', () => {
    const context = request();
    hookRecordsTrustedDestination();
    jwt.jwtPropagator.inject(suppressTracing(context), {}, defaultTextMapSetter);
    expect(carriesAuth(injectTo(jwt.propagator, context, undefined))).toBe(false);
  });
});

describe('the span attribute fallback reads client spans only (M4)', () => {
  test.each([
    ['url.full', { 'url.full': TRUSTED_URL }],
    ['http.url', { 'http.url': TRUSTED_URL }],
  ])(
    'a SERVER span whose %s names a trusted origin gets no auth baggage, proof or token',
    (_, attributes) => {
      const headers = injectFromSpan(request(), SpanKind.SERVER, attributes);
      expect(carriesAuth(headers)).toBe(false);
      expect(parseBaggage(headers.baggage)).toEqual({ color: 'blue' });
    },
  );

  test.each([SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER])(
    'a span of kind %i with a trusted http.url gets no auth either',
    (kind) => {
      expect(carriesAuth(injectFromSpan(request(), kind, { 'http.url': TRUSTED_URL }))).toBe(false);
    },
  );

  test('a CLIENT span whose http.url names a trusted origin gets the proof, the claims and the token', () => {
    const headers = injectFromSpan(request(), SpanKind.CLIENT, { 'http.url': TRUSTED_URL });
    expect(parseBaggage(headers.baggage)).toMatchObject({ 'user.roles': 'reader', color: 'blue' });
    expect(parseBaggage(headers.baggage)['jwt.subject_proof']).toMatch(/^k2\./);
    expect(headers.authorization).toMatch(/^Bearer /);
  });
});

describe('forwardToken and an Authorization header the carrier does not show (fetch)', () => {
  const fetchRequest = (headers: unknown) => ({
    origin: TRUSTED_ORIGIN,
    path: '/orders/7',
    method: 'GET',
    headers,
  });

  test('control: the fetch hook without an Authorization header of the application lets the token be forwarded', () => {
    const context = request();
    jwt.undiciInstrumentationConfig.requestHook(undefined, fetchRequest(['accept', '*/*']));
    expect(injectTo(jwt.propagator, context, undefined).authorization).toMatch(/^Bearer /);
  });

  test.each([
    ['array', ['accept', '*/*', 'Authorization', 'Bearer own']],
    ['text', 'accept: */*\r\nauthorization: Bearer own\r\n'],
  ])(
    'the fetch hook reporting the application’s Authorization (%s headers) keeps the token out of the fresh carrier',
    (_, headers) => {
      const context = request();
      jwt.undiciInstrumentationConfig.requestHook(undefined, fetchRequest(headers));
      const injected = injectTo(jwt.propagator, context, undefined);
      expect(injected).not.toHaveProperty('authorization');
      expect(parseBaggage(injected.baggage)['jwt.subject_proof']).toMatch(/^k2\./);
    },
  );

  test('a client span of fetch instrumented without the hooks gets the proof but no token: a second Authorization header could follow', () => {
    const spanContext = { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const span = Object.assign(trace.wrapSpanContext(spanContext), {
      kind: SpanKind.CLIENT,
      attributes: { 'url.full': TRUSTED_URL },
      instrumentationScope: { name: '@opentelemetry/instrumentation-undici' },
    });
    const headers: Record<string, string> = {};
    jwt.propagator.inject(trace.setSpan(request(), span), headers, defaultTextMapSetter);
    expect(headers).not.toHaveProperty('authorization');
    expect(parseBaggage(headers.baggage)['jwt.subject_proof']).toMatch(/^k2\./);
  });
});
