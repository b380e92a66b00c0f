// `node --import otel-jwt/register` with NodeSDK's metrics on (OTEL_METRICS_EXPORTER=otlp): the register
// entry passes no meter provider, so the telemetry finds the SDK's global one, started after it, and a
// real service exports otel-jwt's metrics over OTLP/HTTP. Needs `pnpm run build` first (dist).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JwksServer, startJwksServer } from '../support/jwks-server.js';
import { killRegisterChildren, startRegisterChild } from '../support/register-child.js';
import { type RegisterReceiver, startRegisterReceiver } from '../support/register-receiver.js';
import { AUDIENCE, HMAC_KEY, ISSUER, KEY, mint } from '../support/telemetry-fixtures.js';

let jwks: JwksServer;
let receiver: RegisterReceiver;

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/register.js', import.meta.url))) {
    throw new Error('dist/register.js is missing: run `pnpm --filter otel-jwt run build` first');
  }
  jwks = await startJwksServer([KEY.publicJwk]);
  receiver = await startRegisterReceiver();
});

afterAll(async () => {
  killRegisterChildren();
  await Promise.all([jwks?.stop(), receiver?.close()]);
});

interface JsonPoint {
  readonly attributes?: { key: string; value: { stringValue?: string } }[];
  readonly asInt?: number | string;
  readonly asDouble?: number;
}
interface JsonMetric {
  readonly name: string;
  readonly unit?: string;
  readonly sum?: { dataPoints: JsonPoint[] };
  readonly gauge?: { dataPoints: JsonPoint[] };
}

/** The last value exported per metric and attributes (`name key=value,...`), from OTLP/JSON bodies. */
function lastValues(bodies: readonly Buffer[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const body of bodies) {
    const { resourceMetrics = [] } = JSON.parse(body.toString('utf8')) as {
      resourceMetrics?: { scopeMetrics?: { scope?: { name?: string }; metrics?: JsonMetric[] }[] }[];
    };
    for (const scoped of resourceMetrics.flatMap((resource) => resource.scopeMetrics ?? [])) {
      if (scoped.scope?.name !== 'otel-jwt') continue;
      for (const metric of scoped.metrics ?? []) {
        for (const point of metric.sum?.dataPoints ?? metric.gauge?.dataPoints ?? []) {
          const labels = (point.attributes ?? [])
            .map(({ key, value }) => `${key}=${value.stringValue}`)
            .sort();
          values.set(`${metric.name} ${labels.join(',')}`, Number(point.asInt ?? point.asDouble));
        }
      }
    }
  }
  return values;
}

it('a registered service exports jwt.verifications and its key refresh to the OTLP endpoint of the standard variables', async () => {
  const before = receiver.received.length;
  const child = startRegisterChild({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_JWT_ISSUER: ISSUER,
    OTEL_JWT_JWKS_URI: jwks.jwksUri,
    OTEL_JWT_AUDIENCE: AUDIENCE,
    OTEL_JWT_HMAC_KEY: HMAC_KEY,
    REGISTER_APP_STOP_ON_SIGTERM: '1',
  });
  const port = await child.listening();
  for (const authorization of [`Bearer ${mint()}`, `Bearer ${mint({ sub: 'bob' })}`, undefined]) {
    const response = await fetch(`http://127.0.0.1:${port}/orders`, {
      headers: { connection: 'close', ...(authorization === undefined ? {} : { authorization }) },
      signal: AbortSignal.timeout(5_000),
    });
    await response.text();
  }
  // The metric reader exports once more when the SDK shuts down on the signal.
  child.process.kill('SIGTERM');
  expect(await child.exited()).toEqual({ code: 0, signal: null });

  const exports = receiver.received.slice(before).filter((entry) => entry.path === '/v1/metrics');
  expect(exports.length).toBeGreaterThan(0);
  const values = lastValues(exports.map((entry) => entry.body));
  expect(values.get('jwt.verifications jwt.result=valid')).toBe(2);
  expect(values.get('jwt.verifications jwt.result=absent')).toBe(1);
  expect(values.get('jwt.subject.verdicts jwt.subject.verdict=no_upstream_proof')).toBe(2);
  expect(values.get(`jwt.key.refreshes jwt.issuer=${ISSUER},jwt.key.refresh.outcome=success`)).toBe(1);
  expect(values.get(`jwt.key.age jwt.issuer=${ISSUER}`)).toBeGreaterThanOrEqual(0);
}, 30_000);
