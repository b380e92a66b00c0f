import { baggageEntryMetadataFromString, propagation, trace } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import {
  extract,
  injectTo,
  mint,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  UNTRUSTED_URL,
} from '../support/telemetry-fixtures.js';

// Token material a client puts beside its token in the trace context: tracestate members and baggage
// properties. Neither may be recorded (the SDK copies tracestate onto every span) nor sent on.

const jwt = telemetry({ claims: { roles: 'user.roles' }, trustedDestinations: [TRUSTED_ORIGIN] });
const TOKEN = mint({ sub: 'inbound-material-user', roles: ['admin'] });
const OTHER = mint({ sub: 'someone-else' });

function request(headers: Record<string, string>) {
  return extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${TOKEN}`, ...headers });
}

describe('the JWT propagator and token material in the inbound trace context', () => {
  test('drops a tracestate member holding a token: the span context keeps the rest, and no destination gets it', () => {
    const context = request({ tracestate: `vendor=1,leak=${OTHER.slice(0, 240)},other=2` });
    expect(trace.getSpanContext(context)?.traceState?.serialize()).toBe('vendor=1,other=2');
    for (const url of [TRUSTED_URL, UNTRUSTED_URL]) {
      expect(injectTo(jwt.propagator, context, url).tracestate).toBe('vendor=1,other=2');
    }
  });

  test("drops a tracestate member holding a piece of the request's own token", () => {
    const signature = TOKEN.split('.')[2] as string;
    const context = request({ tracestate: `vendor=${signature.slice(0, 40)}` });
    expect(trace.getSpanContext(context)?.traceState?.serialize()).toBe('');
  });

  test('removes a baggage entry whose property holds a token and records its key, as for a value', () => {
    const context = request({ baggage: `color=blue;note=${OTHER},size=7` });
    expect(getAuth(context)).toMatchObject({
      removedBaggageKeys: ['color'],
      removalReason: 'token_material',
    });
    expect(propagation.getBaggage(context)?.getEntry('color')).toBeUndefined();
    expect(propagation.getBaggage(context)?.getEntry('size')?.value).toBe('7');
    for (const url of [TRUSTED_URL, UNTRUSTED_URL]) {
      const sent = injectTo(jwt.propagator, context, url).baggage ?? '';
      expect(sent).toContain('size=7');
      expect(sent).not.toContain(OTHER.slice(0, 16));
    }
  });

  test('keeps ordinary properties and tracestate members untouched', () => {
    const context = request({ tracestate: 'congo=t61rcWkgMzE', baggage: 'color=blue;ttl=60' });
    expect(trace.getSpanContext(context)?.traceState?.serialize()).toBe('congo=t61rcWkgMzE');
    expect(propagation.getBaggage(context)?.getEntry('color')?.metadata?.toString()).toBe('ttl=60');
    expect(getAuth(context)?.removedBaggageKeys).toEqual([]);
  });

  test('withholds from an untrusted destination an entry the application set with a token in its properties', () => {
    const own = propagation.createBaggage({
      note: { value: 'plain', metadata: baggageEntryMetadataFromString(`ref=${OTHER}`) },
      size: { value: '7' },
    });
    const context = propagation.setBaggage(request({}), own);
    const untrusted = injectTo(jwt.propagator, context, UNTRUSTED_URL).baggage ?? '';
    expect(untrusted).toBe('size=7');
    expect(injectTo(jwt.propagator, context, TRUSTED_URL).baggage).toContain('note=plain');
  });
});
