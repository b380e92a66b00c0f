import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type JwksServer, startJwksServer } from '../support/jwks-server.js';
import { type Point, tableOf } from '../support/metric-reading.js';
import { type Hop, hop } from '../support/metrics-chain.js';
import { AUDIENCE, forge, ISSUER, KEY, mint, TRACEPARENT } from '../support/telemetry-fixtures.js';

// Three services in one process (A -> B -> C), each with its own telemetry and meter provider, run
// through a fixed set of requests; every otel-jwt metric of every hop is then checked whole.

const T0 = Date.UTC(2030, 0, 1);
const BROKEN = 'https://broken.test';
let server: JwksServer;
let broken: JwksServer;
let a: Hop;
let b: Hop;
let c: Hop;
const read = { a: [] as Point[], b: [] as Point[], c: [] as Point[] };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  server = await startJwksServer([KEY.publicJwk]);
  broken = await startJwksServer();
  broken.mode = 'http-500';
  a = hop();
  b = hop();
  // C fetches the same issuer's keys from its JWKS endpoint, and another issuer's from one that fails.
  c = hop({
    issuers: [
      { issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } },
      { issuer: BROKEN, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: broken.jwksUri } },
    ],
  });
  await c.jwt.ready();

  const alice = mint({ sub: 'alice', tenant: 'acme' });
  const bob = mint({ sub: 'bob', tenant: 'acme' });
  const first = { traceparent: TRACEPARENT, authorization: `Bearer ${alice}` };
  // 1. alice through the whole chain: the token is forwarded, the proofs vouch for the tenant entry.
  const atA = a.receive(first);
  const atB = b.receive(a.send(atA));
  const toC = b.send(atB);
  c.receive(toC);
  // 2. B calls C without the token: C sees the proof and entries but no token.
  const { authorization: _dropped, ...withoutToken } = toC;
  c.receive(withoutToken);
  // 3. A client sends A its own tenant entry beside a valid token, without a proof.
  a.receive({ ...first, baggage: 'tenant.id=evil' });
  // 4. An expired token at A.
  a.receive({ authorization: `Bearer ${mint({ exp: Math.floor(T0 / 1000) - 3600 })}` });
  // 5. B gets A's proof for alice with bob's token.
  b.receive({ ...a.send(atA), authorization: `Bearer ${bob}` });
  // 6. B gets A's proof for alice with a token whose signature is forged.
  b.receive({ ...a.send(atA), authorization: `Bearer ${forge()}` });
  // 7. A request with neither token nor baggage at C.
  c.receive({ traceparent: TRACEPARENT });

  // Token material the applications put into their own telemetry.
  a.span(atA, { 'app.note': `retry with ${alice}`, 'http.route': '/orders' });
  b.log(`login failed for ${alice}`, { 'app.header': alice, 'app.step': 'login' });
  await c.measure({ 'app.token': alice, 'app.region': 'eu' });

  vi.setSystemTime(T0 + 90_000);
  read.a = await a.metrics.read();
  read.b = await b.metrics.read();
  read.c = await c.metrics.read();
});

afterAll(async () => {
  await Promise.all([a, b, c].map((service) => service?.shutdown()));
  await Promise.all([server, broken].map((s) => s?.stop()));
  vi.useRealTimers();
});

describe('jwt.verifications', () => {
  test('A counts two valid requests and one expired token', () => {
    expect(tableOf(read.a, 'jwt.verifications')).toEqual({
      'jwt.result=valid': 2,
      'jwt.error_code=expired,jwt.result=invalid': 1,
    });
  });

  test('B counts two valid requests and one forged signature', () => {
    expect(tableOf(read.b, 'jwt.verifications')).toEqual({
      'jwt.result=valid': 2,
      'jwt.error_code=invalid_signature,jwt.result=invalid': 1,
    });
  });

  test('C counts one valid request and two without a token', () => {
    expect(tableOf(read.c, 'jwt.verifications')).toEqual({ 'jwt.result=valid': 1, 'jwt.result=absent': 2 });
  });
});

describe('jwt.subject.verdicts', () => {
  test('A starts every chain it verifies', () => {
    expect(tableOf(read.a, 'jwt.subject.verdicts')).toEqual({ 'jwt.subject.verdict=no_upstream_proof': 2 });
  });

  test('B sees the same subject once, another subject once and an invalid token once', () => {
    expect(tableOf(read.b, 'jwt.subject.verdicts')).toEqual({
      'jwt.subject.verdict=consistent': 1,
      'jwt.subject.verdict=changed': 1,
      'jwt.subject.verdict=token_invalid': 1,
    });
  });

  test('C sees the same subject once and the token dropped once', () => {
    expect(tableOf(read.c, 'jwt.subject.verdicts')).toEqual({
      'jwt.subject.verdict=consistent': 1,
      'jwt.subject.verdict=token_dropped': 1,
    });
  });
});

describe('jwt.baggage.removals', () => {
  test("A removes the client's tenant entry, which no proof vouches for", () => {
    expect(tableOf(read.a, 'jwt.baggage.removals')).toEqual({
      'jwt.baggage.removal_reason=missing_proof': 1,
    });
  });

  test("B removes alice's entries under bob's token and under the forged one", () => {
    expect(tableOf(read.b, 'jwt.baggage.removals')).toEqual({
      'jwt.baggage.removal_reason=subject_mismatch': 1,
      'jwt.baggage.removal_reason=no_verified_token': 1,
    });
  });

  test('C removes the entries that came without a token', () => {
    expect(tableOf(read.c, 'jwt.baggage.removals')).toEqual({
      'jwt.baggage.removal_reason=no_verified_token': 1,
    });
  });
});

describe('jwt.redactions', () => {
  test('A counts the span attribute it replaced, B the log body and attribute, C the metric attribute', () => {
    expect(tableOf(read.a, 'jwt.redactions')).toEqual({ 'jwt.redaction.signal=spans': 1 });
    expect(tableOf(read.b, 'jwt.redactions')).toEqual({ 'jwt.redaction.signal=logs': 2 });
    expect(tableOf(read.c, 'jwt.redactions')).toEqual({ 'jwt.redaction.signal=metrics': 1 });
  });
});

describe('jwt.key.refreshes and jwt.key.age', () => {
  test('C counts the first fetch of each issuer by outcome; A and B have static keys and count none', () => {
    expect(tableOf(read.c, 'jwt.key.refreshes')).toEqual({
      [`jwt.issuer=${ISSUER},jwt.key.refresh.outcome=success`]: 1,
      [`jwt.issuer=${BROKEN},jwt.key.refresh.outcome=http_error`]: 1,
    });
    expect(tableOf(read.a, 'jwt.key.refreshes')).toEqual({});
    expect(tableOf(read.b, 'jwt.key.refreshes')).toEqual({});
  });

  test('C reports the age of the keys it fetched, in seconds; no age for keys never fetched or static', () => {
    expect(tableOf(read.c, 'jwt.key.age')).toEqual({ [`jwt.issuer=${ISSUER}`]: 90 });
    expect(read.c.find((p) => p.metric === 'jwt.key.age')).toMatchObject({ unit: 's', kind: 'GAUGE' });
    expect(tableOf(read.a, 'jwt.key.age')).toEqual({});
  });
});

test('every hop reports only the metrics listed in the README, each with its unit', () => {
  const units = Object.fromEntries([...read.a, ...read.b, ...read.c].map((p) => [p.metric, p.unit]));
  expect(units).toEqual({
    'jwt.verifications': '{verification}',
    'jwt.subject.verdicts': '{verdict}',
    'jwt.baggage.removals': '{removal}',
    'jwt.redactions': '{redaction}',
    'jwt.key.refreshes': '{refresh}',
    'jwt.key.age': 's',
  });
});
