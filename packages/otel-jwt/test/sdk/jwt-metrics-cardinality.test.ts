import { createSecretKey, randomBytes } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { signClaims } from '../support/forge.js';
import { meterProvider, type Point } from '../support/metric-reading.js';
import { AUDIENCE, extract, ISSUER, telemetry } from '../support/telemetry-fixtures.js';
import type { TestKey } from '../support/test-keys.js';

// Metric attributes never hold a subject, a token id or free text: 10,000 requests, each with its own
// subject and token id, some refused and some with forged baggage, add no metric stream.

/** An HS256 secret: 10,000 signatures and checks take a fraction of what ES256 would. */
function secretKey(): TestKey {
  const secret = createSecretKey(randomBytes(32));
  return {
    alg: 'HS256',
    kid: 'hs-1',
    signingKey: secret,
    publicJwk: { ...secret.export({ format: 'jwk' }), kid: 'hs-1', alg: 'HS256' },
  };
}
const KEY = secretKey();
const FOREIGN = secretKey();
const metrics = meterProvider();
const jwt = telemetry({
  verifier: {
    issuers: [
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
      },
    ],
  },
  claims: { tenant: 'tenant.id' },
  admission: 'off',
  metrics: { meterProvider: metrics.provider },
});
afterAll(() => jwt.shutdown());

/** Request `i`: its own subject and token id; every 3rd token expired, every 7th forged, every 5th with forged baggage. */
function request(i: number): void {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER,
    aud: AUDIENCE,
    exp: now + 3600,
    sub: `subject-${i}`,
    jti: `token-${i}`,
    tenant: `tenant-${i}`,
  };
  let token = signClaims(KEY, claims);
  if (i % 3 === 0) token = signClaims(KEY, { ...claims, exp: now - 3600 });
  else if (i % 7 === 0) token = signClaims(FOREIGN, claims);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (i % 5 === 0) headers.baggage = `tenant.id=forged-${i}`;
  extract(jwt.propagator, headers);
}

const streams = (points: readonly Point[]) =>
  new Set(points.map((point) => `${point.metric} ${JSON.stringify(point.attributes)}`));

test('10,000 requests with distinct subjects add no metric stream to those of the first 30', async () => {
  for (let i = 0; i < 30; i++) request(i);
  const before = streams(await metrics.read());
  for (let i = 30; i < 10_030; i++) request(i);
  const points = await metrics.read();
  expect(streams(points)).toEqual(before);
  expect(before.size).toBe(6);
  const verifications = points.filter((p) => p.metric === 'jwt.verifications');
  expect(verifications.reduce((sum, p) => sum + p.value, 0)).toBe(10_030);
  const values = points.flatMap((p) => Object.values(p.attributes).map(String));
  expect(values.filter((value) => /subject-|token-|tenant-|forged-/.test(value))).toEqual([]);
}, 60_000);
