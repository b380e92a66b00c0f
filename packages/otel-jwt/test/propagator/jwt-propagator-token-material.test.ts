import { performance } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import {
  baggageOf,
  extract,
  injectTo,
  mint,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  UNTRUSTED_URL,
} from '../support/telemetry-fixtures.js';

// Token material in inbound baggage (review findings H3, M1, M2): the checks stay linear however the
// header is built, catch pieces of the request's own token in keys and values, and leave ordinary
// values (host names, base64 JSON) alone.

const jwt = telemetry({ claims: { roles: 'user.roles' }, trustedDestinations: [TRUSTED_ORIGIN] });
const segments = (token: string) => token.split('.') as [string, string, string];

function request(token: string, baggage: string) {
  return extract(jwt.propagator, { traceparent: TRACEPARENT, authorization: `Bearer ${token}`, baggage });
}

/**
 * How many times slower `slow` is than `fast`: the ratio of their median times over `times` runs each,
 * interleaved so that a busy machine slows both alike. Both are warmed up first.
 */
function slowdown(slow: () => void, fast: () => void, times: number): number {
  const samples: [number[], number[]] = [[], []];
  for (let index = 0; index < 50; index++) {
    slow();
    fast();
  }
  for (let index = 0; index < times; index++) {
    for (const [which, run] of [slow, fast].entries()) {
      const start = performance.now();
      run();
      samples[which as 0 | 1].push(performance.now() - start);
    }
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  return median(samples[0]) / median(samples[1]);
}

describe('the token-material checks stay linear on hostile input', () => {
  test('a 10,000-character bearer value with 300 near-miss entries costs at most 20x a short token', () => {
    const baggage = Array.from({ length: 300 }, (_, index) => `k${index}=${'a'.repeat(15)}b`).join(',');
    const hostile = { traceparent: TRACEPARENT, authorization: `Bearer ${'a'.repeat(10_000)}`, baggage };
    const baseline = { ...hostile, authorization: `Bearer ${'a'.repeat(20)}` };
    expect(getAuth(extract(jwt.propagator, hostile))?.result).toMatchObject({ status: 'invalid' });
    const ratio = slowdown(
      () => extract(jwt.propagator, hostile),
      () => extract(jwt.propagator, baseline),
      300,
    );
    expect(ratio).toBeLessThan(20);
  });

  test('two member-sized values of broken JWT shapes cost at most 20x plain values of the same length', () => {
    // Runs of 16 with a dot and runs of 15, over and over: every `eyJ` starts a candidate that fails.
    const nearMiss = `eyJ${'a'.repeat(13)}.${'b'.repeat(15)}!eyJ${'c'.repeat(12)}.`.repeat(81);
    const plain = 'x'.repeat(nearMiss.length);
    const token = mint();
    const hostile = {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${token}`,
      baggage: `k1=${nearMiss},k2=${nearMiss}`,
    };
    const baseline = { ...hostile, baggage: `k1=${plain},k2=${plain}` };
    expect(nearMiss.length).toBeGreaterThan(3_900);
    expect(baggageOf(extract(jwt.propagator, hostile))).toEqual({ k1: nearMiss, k2: nearMiss });
    const ratio = slowdown(
      () => extract(jwt.propagator, hostile),
      () => extract(jwt.propagator, baseline),
      300,
    );
    expect(ratio).toBeLessThan(20);
  });
});

describe("pieces of the request's own token in inbound baggage", () => {
  test.each([
    ['the first 16 characters of its signature', (token: string) => segments(token)[2].slice(0, 16)],
    ['the first 16 characters of its payload', (token: string) => `ref-${segments(token)[1].slice(0, 16)}`],
    ['the last 16 characters of its signature', (token: string) => `ref-${segments(token)[2].slice(-16)}`],
    ['its header and payload, without signature', (token: string) => segments(token).slice(0, 2).join('.')],
  ])('a value holding %s is removed as token_material', (_, piece) => {
    const token = mint({ roles: ['reader'] });
    const context = request(token, `note=${piece(token)},color=blue`);
    expect(getAuth(context)).toMatchObject({ removedBaggageKeys: ['note'], removalReason: 'token_material' });
    expect(baggageOf(context)).toEqual({ 'user.roles': 'reader', color: 'blue' });
  });

  test('a key holding a piece of the token is removed and recorded as "(token material)", never by name', () => {
    const token = mint();
    const key = `x${segments(token)[2].slice(0, 16)}`;
    const context = request(token, `${key}=1,color=blue`);
    expect(getAuth(context)).toMatchObject({
      removedBaggageKeys: ['(token material)'],
      removalReason: 'token_material',
    });
    expect(baggageOf(context)).toEqual({ color: 'blue' });
    const recorded = [...stringsOf(getAuth(context)), ...stringsOf(authStateOf(context)?.entryAttributes)];
    expect(tokenMaterialIn(token, recorded)).toBeUndefined();
  });

  test('a JWT-shaped key of another token is removed and recorded as "(token material)" too', () => {
    const other = segments(mint({ sub: 'mallory' }));
    const context = request(mint(), `${other[0]}.${other[1].slice(0, 20)}=1`);
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['(token material)']);
  });

  test('neither kind of entry reaches a trusted or an untrusted destination', () => {
    const token = mint();
    const [, payload, signature] = segments(token);
    const context = request(token, `${payload.slice(0, 20)}=1,note=${signature.slice(-16)}`);
    const sent = [TRUSTED_URL, UNTRUSTED_URL].map((url) => injectTo(jwt.propagator, context, url));
    expect(tokenMaterialIn(token, stringsOf(sent))).toBeUndefined();
  });
});

describe('ordinary values are not mistaken for token material', () => {
  const ordinary = {
    upstream: 'payments-service-v2.eu-west-1-production.internal',
    flags: 'eyJmZWF0dXJlIjoib24ifQ',
    trace: 'c2VydmljZS1hLnRlYW0tYg.c2VydmljZS1iLnRlYW0tYw',
  };
  const header = Object.entries(ordinary)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

  test('host names, base64 JSON without a dot and dotted base64 without eyJ stay in the baggage', () => {
    const context = request(mint(), header);
    expect(getAuth(context)?.removedBaggageKeys).toEqual([]);
    expect(baggageOf(context)).toEqual(ordinary);
  });

  test('and still travel to an untrusted destination', () => {
    const sent = injectTo(jwt.propagator, request(mint(), header), UNTRUSTED_URL);
    expect(sent.baggage).toBe(header);
  });
});
