import { DiagLogLevel, diag, metrics } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  ConfigurationError,
  createJwtTelemetry,
  getAuth,
  JwtPropagator,
  type JwtTelemetry,
} from '../../src/index.js';
import { jwtMetrics } from '../../src/sdk/jwt-metrics.js';
import { ManualReader, meterProvider, pointValue, readPoints, tableOf } from '../support/metric-reading.js';
import { AUDIENCE, extract, HMAC_KEY, ISSUER, KEY, mint } from '../support/telemetry-fixtures.js';

// How the metrics find their meter provider: the README's order (telemetry created before sdk.start()),
// a global provider replaced later, a provider given in the configuration, and metrics turned off.

const VALID = { 'jwt.result': 'valid' };
const config = {
  verifier: {
    issuers: [
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        keys: { type: 'static' as const, keys: [{ type: 'jwk' as const, jwk: KEY.publicJwk }] },
      },
    ],
  },
  hmacKey: HMAC_KEY,
  admission: 'off' as const,
};
const telemetries: JwtTelemetry[] = [];
function telemetry(overrides: object = {}): JwtTelemetry {
  const jwt = createJwtTelemetry({ ...config, ...overrides });
  telemetries.push(jwt);
  return jwt;
}
const request = (jwt: JwtTelemetry) => extract(jwt.propagator, { authorization: `Bearer ${mint()}` });

beforeEach(() => metrics.disable());
afterEach(async () => {
  await Promise.all(telemetries.splice(0).map((jwt) => jwt.shutdown()));
  vi.useRealTimers();
  metrics.disable();
  diag.disable();
});

test("the README's order works: created before sdk.start(), the telemetry reports to the SDK's meter provider", async () => {
  const jwt = telemetry();
  const reader = new ManualReader();
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    spanProcessors: [jwt.spanProcessor],
    metricReaders: [reader],
    instrumentations: [],
  });
  sdk.start();
  try {
    await new Promise((resolve) => setImmediate(resolve));
    request(jwt);
    request(jwt);
    const points = await readPoints(reader);
    expect(pointValue(points, 'jwt.verifications', VALID)).toBe(2);
    expect(points.find((p) => p.metric === 'jwt.verifications')?.unit).toBe('{verification}');
  } finally {
    await sdk.shutdown();
  }
});

test('counts made before any meter provider exists are reported whole once one is registered', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'setImmediate'] });
  const jwt = telemetry();
  request(jwt);
  const late = meterProvider();
  metrics.setGlobalMeterProvider(late.provider);
  vi.advanceTimersByTime(1000);
  request(jwt);
  expect(pointValue(await late.read(), 'jwt.verifications', VALID)).toBe(2);
});

test('a global meter provider replaced later gets the instruments within a second, and the old one no new counts', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'setImmediate'] });
  const first = meterProvider();
  metrics.setGlobalMeterProvider(first.provider);
  const jwt = telemetry();
  request(jwt);
  expect(pointValue(await first.read(), 'jwt.verifications', VALID)).toBe(1);
  metrics.disable();
  const second = meterProvider();
  metrics.setGlobalMeterProvider(second.provider);
  vi.advanceTimersByTime(1000);
  request(jwt);
  expect(pointValue(await second.read(), 'jwt.verifications', VALID)).toBe(2);
  // The SDK keeps repeating a cumulative point it no longer observes: the value stays where it was.
  expect(pointValue(await first.read(), 'jwt.verifications', VALID)).toBe(1);
});

test('a meter provider given in the configuration gets the metrics at once, and the global one none', async () => {
  const global = meterProvider();
  metrics.setGlobalMeterProvider(global.provider);
  const own = meterProvider();
  const jwt = telemetry({ metrics: { meterProvider: own.provider } });
  request(jwt);
  expect(pointValue(await own.read(), 'jwt.verifications', VALID)).toBe(1);
  expect(await global.read()).toEqual([]);
});

test("metrics: 'off' registers no instrument and extract still verifies", async () => {
  const global = meterProvider();
  metrics.setGlobalMeterProvider(global.provider);
  const jwt = telemetry({ metrics: 'off' });
  expect(getAuth(request(jwt))?.result.status).toBe('valid');
  expect(await global.read()).toEqual([]);
});

test('a mistaken metrics option stops createJwtTelemetry with a ConfigurationError saying what to fix', () => {
  expect(() => createJwtTelemetry({ ...config, metrics: 'on' as never })).toThrow(ConfigurationError);
  expect(() => createJwtTelemetry({ ...config, metrics: { meterProvider: {} as never } })).toThrow(
    'metrics.meterProvider must be a MeterProvider',
  );
});

test('after shutdown the telemetry reports nothing more', async () => {
  const own = meterProvider();
  const jwt = telemetry({ metrics: { meterProvider: own.provider } });
  request(jwt);
  await jwt.shutdown();
  expect(await own.read()).toEqual([]);
});

test('a meter provider that throws breaks nothing: extract verifies and one warning is logged', () => {
  const messages: string[] = [];
  const keep = (message: string) => void messages.push(message);
  const ignore = () => undefined;
  diag.setLogger(
    { error: keep, warn: keep, info: ignore, debug: ignore, verbose: ignore },
    DiagLogLevel.WARN,
  );
  const broken = {
    getMeter: () => {
      throw new Error('broken provider');
    },
  };
  const jwt = telemetry({ metrics: { meterProvider: broken } });
  request(jwt);
  expect(getAuth(request(jwt))?.result.status).toBe('valid');
  expect(messages).toEqual(['otel-jwt: the meter provider failed; some otel-jwt metrics may be missing']);
});

describe('the admission wait hook', () => {
  function metricsOn() {
    const own = meterProvider();
    const metrics = jwtMetrics({ meterProvider: own.provider });
    const propagator = new JwtPropagator(config);
    metrics?.start(propagator, []);
    return { own, record: metrics?.recordAdmissionWait ?? (() => undefined), propagator };
  }

  test('records each wait in seconds by outcome in the jwt.admission.duration histogram', async () => {
    const { own, record, propagator } = metricsOn();
    record(12, 'ready');
    record(2000, 'timeout');
    record(3, 'ready');
    const points = (await own.read()).filter((p) => p.metric === 'jwt.admission.duration');
    expect(points.map((p) => [p.unit, p.kind, p.attributes, p.value])).toEqual([
      ['s', 'HISTOGRAM', { 'jwt.admission.outcome': 'ready' }, 2],
      ['s', 'HISTOGRAM', { 'jwt.admission.outcome': 'timeout' }, 1],
    ]);
    propagator.close();
  });

  test('records an outcome outside the list as _OTHER and ignores a negative or non-numeric time', async () => {
    const { own, record, propagator } = metricsOn();
    record(5, 'user alice' as never);
    record(-1, 'ready');
    record(Number.NaN, 'ready');
    expect(tableOf(await own.read(), 'jwt.admission.duration')).toEqual({
      'jwt.admission.outcome=_OTHER': 1,
    });
    propagator.close();
  });
});
