// Revocation and opaque tokens through createJwtTelemetry, a started NodeSDK, instrumentation-http and a
// real node:http server: what the handler (getAuth), the exported spans and a real MeterProvider's
// reader see. The status list issuer, the introspection endpoint and the deny-list are real loopback
// servers too (test/support/revocation-app.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ConfigurationError,
  createJwtTelemetry,
  DenyListError,
  type JwtTelemetry,
  type JwtVerifier,
} from '../../src/index.js';
import { tableOf } from '../support/metric-reading.js';
import { delta, liveAnswer, type RevocationApp, startRevocationApp } from '../support/revocation-app.js';
import { HMAC_KEY, ISSUER, mint } from '../support/telemetry-fixtures.js';

let service: RevocationApp;
let jwt: JwtTelemetry;

beforeAll(async () => {
  service = await startRevocationApp();
  jwt = service.jwt;
});
afterAll(() => service?.stop());

const get = (token: string, careless = false) => service.get(token, careless);
const serverSpanOf = (traceId: string) => service.serverSpanOf(traceId);

describe('a revoked token', () => {
  test('jwt.revoke refuses a token at once: the handler and the server span say invalid / revoked', async () => {
    const token = mint({ jti: 'telemetry-revoked' });
    const first = await get(token);
    expect(first.verdict).toBe('valid');
    jwt.revoke('telemetry-revoked', Math.floor(Date.now() / 1000) + 600);
    const second = await get(token);
    expect(second.verdict).toBe('invalid:revoked');
    expect((await serverSpanOf(first.traceId)).attributes).toMatchObject({ 'jwt.result': 'valid' });
    expect((await serverSpanOf(second.traceId)).attributes).toMatchObject({
      'jwt.result': 'invalid',
      'jwt.error_code': 'revoked',
    });
  });

  test('jwt.revoke refuses bad arguments with a DenyListError, and a verifier passed in without revoke with a ConfigurationError', async () => {
    expect(() => jwt.revoke('', Math.floor(Date.now() / 1000) + 60)).toThrow(DenyListError);
    expect(() => jwt.revoke('ms-mistake', Date.now() + 60_000)).toThrow(DenyListError);
    const shared = jwt.verifier;
    // A verifier written by the application: everything of the interface but the optional revoke.
    const withoutRevoke: JwtVerifier = {
      verify: (token) => shared.verify(token),
      ready: () => shared.ready(),
      refreshKeys: () => shared.refreshKeys(),
      keyStatus: () => shared.keyStatus(),
      close: () => {},
    };
    const borrowed = createJwtTelemetry({
      verifier: withoutRevoke,
      hmacKey: HMAC_KEY,
      admission: 'off',
    });
    try {
      expect(() => borrowed.revoke('any', Math.floor(Date.now() / 1000) + 60)).toThrow(ConfigurationError);
    } finally {
      await borrowed.shutdown();
    }
  });

  test('a status list entry INVALID is refused revoked at the handler, VALID passes', async () => {
    const valid = await get(mint({ status: service.lists.statusClaim('orders', 0) }));
    const revoked = await get(mint({ status: service.lists.statusClaim('orders', 1) }));
    expect([valid.verdict, revoked.verdict]).toEqual(['valid', 'invalid:revoked']);
    expect((await serverSpanOf(revoked.traceId)).attributes['jwt.error_code']).toBe('revoked');
  });
});

describe('an opaque token', () => {
  test('goes through the admission step and reaches the handler valid, introspected, its claims mapped', async () => {
    const token = `opq_${'telemetry'.repeat(3)}-${Date.now()}`;
    service.introspection.answers.set(token, liveAnswer());
    const before = service.introspection.requests.length;
    const seen = await get(token);
    expect(seen).toMatchObject({ verdict: 'valid', form: 'introspected', sub: 'alice' });
    expect(seen.baggage['user.roles']).toBe('admin,reader');
    expect(service.introspection.requests.length - before).toBe(1);
    expect((await serverSpanOf(seen.traceId)).attributes).toMatchObject({
      'jwt.result': 'valid',
      'jwt.issuer': ISSUER,
      'jwt.client_id': 'web-app',
      'user.roles': ['admin', 'reader'],
    });
    // The held answer serves the next request: the endpoint is not asked again.
    expect((await get(token)).verdict).toBe('valid');
    expect(service.introspection.requests.length - before).toBe(1);
  });

  test('an inactive one reaches the handler invalid / token_inactive', async () => {
    const token = `opq_inactive-${Date.now()}`;
    service.introspection.answers.set(token, { active: false });
    const seen = await get(token);
    expect(seen.verdict).toBe('invalid:token_inactive');
    expect((await serverSpanOf(seen.traceId)).attributes['jwt.error_code']).toBe('token_inactive');
  });

  test('never appears in exported spans, even where the app put it, active or not', async () => {
    const active = `opq_${'A1b2C3d4'.repeat(4)}`;
    const inactive = `opq_${'Z9y8X7w6'.repeat(4)}`;
    service.introspection.answers.set(active, liveAnswer());
    service.introspection.answers.set(inactive, { active: false });
    const seen = [await get(active, true), await get(inactive, true)];
    for (const { traceId } of seen) await serverSpanOf(traceId);
    const text = service.exportedText();
    for (const token of [active, inactive]) {
      expect(text).not.toContain(token.slice(0, 16));
      expect(text).not.toContain(token.slice(-16));
    }
    expect(text).toContain('app.authorization');
    const diagnostics = service.diagnostics.join('\n');
    for (const token of [active, inactive]) expect(diagnostics).not.toContain(token.slice(0, 16));
  });
});

describe('metrics of the revocation sources', () => {
  test('jwt.status_list.fetches, jwt.introspection.requests and jwt.deny_list.fetches are read with their attributes', async () => {
    const before = await service.metrics.read();
    service.lists.setList('billing', 2, [0]);
    const listed = await get(mint({ status: service.lists.statusClaim('billing', 0) }));
    const active = `opq_metrics-active-${Date.now()}`;
    service.introspection.answers.set(active, liveAnswer());
    await get(active);
    await get(`opq_metrics-unknown-${Date.now()}`);
    expect(listed.verdict).toBe('valid');
    const after = await service.metrics.read();
    expect(delta(before, after, 'jwt.status_list.fetches')).toEqual({
      [`jwt.fetch.outcome=success,jwt.issuer=${ISSUER}`]: 1,
    });
    expect(delta(before, after, 'jwt.introspection.requests')).toEqual({
      [`jwt.fetch.outcome=active,jwt.issuer=${ISSUER}`]: 1,
      [`jwt.fetch.outcome=inactive,jwt.issuer=${ISSUER}`]: 1,
    });
    // The document's one fetch, at start-up, with no issuer: it belongs to none.
    expect(tableOf(after, 'jwt.deny_list.fetches')).toEqual({ 'jwt.fetch.outcome=success': 1 });
    const units = new Map(after.map((point) => [point.metric, `${point.kind} ${point.unit}`]));
    expect(units.get('jwt.status_list.fetches')).toBe('SUM {fetch}');
    expect(units.get('jwt.introspection.requests')).toBe('SUM {request}');
    expect(units.get('jwt.deny_list.fetches')).toBe('SUM {fetch}');
  });
});
