// Runs the multi-service demo as separate processes (main, then the IdP and four services it starts; once,
// in the global setup), receives the services' real OTLP/HTTP export (main's collector forwards it unchanged
// to the test's receiver), and checks every scenario's verdicts and attributes and the leak scanner's verdict
// on every exported byte. The Jaeger file, span names and resources have test files of their own.
import { findTokenLeaks } from 'otel-jwt/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoFixture, demoFixture } from '../src/demo-fixture.ts';
import { ALICE, BOB, CHAIN, type Expect, expectations, HEX32 } from '../src/expected-auth.ts';
import { CLIENT } from '../src/exported-telemetry.ts';
import { auth, httpStatus } from '../src/trace-view.ts';

let demo: DemoFixture;
let expected: Expect;

beforeAll(() => {
  demo = demoFixture(inject('demo'));
  expected = expectations(demo.view, demo.summary.issuer);
});

it('runs to the end: exit code 0, every scenario as the driver expected, in separate processes', () => {
  expect(demo.run.timedOut).toBe(false);
  expect(demo.run.exitCode, demo.run.stdout + demo.run.stderr).toBe(0);
  expect(demo.run.stdout).toContain('all 11 scenarios behaved as expected');
  expect(demo.summary.scenarios.map((scenario) => [scenario.id, scenario.problems])).toEqual(
    [
      'alice-checkout',
      'bob-checkout',
      'expired-token',
      'forged-baggage',
      'swapped-token',
      'delegation',
      'dropped-token',
      'no-token',
      'revoked-session',
      'revoked-app-session',
      'rotated-key',
    ].map((id) => [id, []]),
  );
  // Each service exported its own spans (its own process and SDK), and so did the driver.
  const services = new Set(
    demo.summary.scenarios.flatMap((s) =>
      s.attempts.flatMap((a) => demo.view.spans(a.traceId).map((span) => span.service)),
    ),
  );
  expect([...services].sort()).toEqual(['demo-driver', 'gateway', 'inventory', 'orders', 'payments']);
});

describe('scenarios, on the exported spans', () => {
  it('alice and bob: valid and consistent on every hop, each with their own pseudonym and claims', () => {
    const alice = expected.hashOf('alice-checkout');
    const bob = expected.hashOf('bob-checkout');
    expect(bob).not.toBe(alice);
    expected.consistentChain(demo.view.traceOf('alice-checkout'), alice, ALICE);
    expected.consistentChain(demo.view.traceOf('bob-checkout'), bob, BOB);
    // Child spans carry the result and the pseudonym too.
    const chargeCard = demo.view
      .spans(demo.view.traceOf('alice-checkout'))
      .find((span) => span.name === 'charge card');
    expect(chargeCard && auth(chargeCard)).toEqual({ 'jwt.result': 'valid', 'user.hash': alice });
  });

  it('expired token: invalid / expired at the gateway, which refuses it', () => {
    const traceId = demo.view.traceOf('expired-token');
    const gateway = demo.view.entry(traceId, 'gateway');
    expect(auth(gateway)).toEqual({ 'jwt.result': 'invalid', 'jwt.error_code': 'expired' });
    expect(httpStatus(gateway)).toBe(401);
    // The driver's root span and the gateway's: the request went no further.
    expect(
      demo.view
        .spans(traceId)
        .map((span) => span.service)
        .sort(),
    ).toEqual(['demo-driver', 'gateway']);
  });

  it('forged baggage: the gateway removes the forged entries (missing_proof); bob stays bob downstream', () => {
    const traceId = demo.view.traceOf('forged-baggage');
    const bob = expected.hashOf('bob-checkout');
    expect(auth(demo.view.entry(traceId, 'gateway'))).toEqual(
      expected.validEntry(bob, BOB, 'no_upstream_proof', {
        'jwt.baggage.removed': ['user.id', 'user.roles', 'tenant.id'],
        'jwt.baggage.removal_reason': 'missing_proof',
      }),
    );
    for (const service of CHAIN.slice(1)) {
      expect(auth(demo.view.entry(traceId, service)), service).toEqual(
        expected.validEntry(bob, BOB, 'consistent'),
      );
    }
  });

  it("swapped token: payments sees bob's token in alice's trace: changed, with the event", () => {
    const traceId = demo.view.traceOf('swapped-token');
    const alice = expected.hashOf('alice-checkout');
    for (const service of ['orders', 'inventory']) {
      expect(auth(demo.view.entry(traceId, service)), service).toEqual(
        expected.validEntry(alice, ALICE, 'consistent'),
      );
    }
    const payments = demo.view.entry(traceId, 'payments');
    expect(auth(payments)).toEqual(
      expected.validEntry(expected.hashOf('bob-checkout'), BOB, 'changed', {
        'jwt.subject.changed': true,
        'jwt.baggage.removed': ['user.roles', 'tenant.id'],
        'jwt.baggage.removal_reason': 'subject_mismatch',
      }),
    );
    expect(payments.events).toEqual([
      { name: 'jwt.subject_changed', attributes: { 'jwt.subject.verdict': 'changed' } },
    ]);
  });

  it('delegation: payments sees alice acting through orders: delegated, with the actor chain', () => {
    const traceId = demo.view.traceOf('delegation');
    const alice = expected.hashOf('alice-checkout');
    const payments = auth(demo.view.entry(traceId, 'payments'));
    expect(payments).toEqual({
      ...expected.validEntry(alice, ALICE, 'delegated'),
      'jwt.client_id': 'orders-service',
      'jwt.scopes': ['payments:charge'],
      'jwt.actor_chain': [expect.stringMatching(HEX32)],
    });
    expect((payments['jwt.actor_chain'] as string[])[0]).not.toBe(alice);
    // orders fetched its own token and exchanged alice's at the IdP, inside the trace.
    const idpCalls = demo.view
      .spans(traceId)
      .filter((span) => span.kind === CLIENT && String(span.attributes['url.full']).endsWith('/token'));
    expect(idpCalls.map((span) => span.service)).toEqual(['orders', 'orders']);
    expect(payments['jwt.subject.changed']).toBeUndefined();
  });

  it('dropped token: inventory has no token in a trace that started verified: token_dropped', () => {
    const traceId = demo.view.traceOf('dropped-token');
    const inventory = demo.view.entry(traceId, 'inventory');
    expect(auth(inventory)).toEqual({
      'jwt.result': 'absent',
      'jwt.subject.verdict': 'token_dropped',
      'jwt.baggage.removed': ['user.roles', 'tenant.id'],
      'jwt.baggage.removal_reason': 'no_verified_token',
    });
    expect(httpStatus(inventory)).toBe(401);
    expect(httpStatus(demo.view.entry(traceId, 'gateway'))).toBe(502);
    expect(auth(demo.view.entry(traceId, 'payments'))).toEqual(
      expected.validEntry(expected.hashOf('alice-checkout'), ALICE, 'consistent'),
    );
  });

  it('no token: absent at the gateway, refused', () => {
    const gateway = demo.view.entry(demo.view.traceOf('no-token'), 'gateway');
    expect(auth(gateway)).toEqual({ 'jwt.result': 'absent' });
    expect(httpStatus(gateway)).toBe(401);
  });

  it('rotated key: every hop waits for the new key in its admission step, so the first attempt is valid everywhere', () => {
    const attempts = demo.summary.scenarios.find((scenario) => scenario.id === 'rotated-key')?.attempts ?? [];
    expect(attempts).toHaveLength(1);
    expected.consistentChain(demo.view.traceOf('rotated-key', 0), expected.hashOf('alice-checkout'), ALICE);
  });

  it('revoked session (JWT): valid everywhere before; after, refused as revoked by every service on its own', () => {
    const alice = expected.hashOf('alice-checkout');
    expected.consistentChain(demo.view.traceOf('revoked-session', 0), alice, ALICE);
    // The same token replayed straight at each internal service, then sent by the shop to the gateway.
    for (const [attempt, service] of ['orders', 'inventory', 'payments', 'gateway'].entries()) {
      expected.refusedAlone(demo.view.traceOf('revoked-session', attempt + 1), service, 'revoked');
    }
  });

  it('revoked app session (opaque): introspected valid everywhere before; after, token_inactive at every service', () => {
    // The introspection answer holds the same subject and claims as bob's JWTs: the same pseudonym.
    const bob = expected.hashOf('bob-checkout');
    expected.consistentChain(demo.view.traceOf('revoked-app-session', 0), bob, BOB, {
      'jwt.client_id': 'shop-mobile',
    });
    for (const [attempt, service] of ['orders', 'inventory', 'payments', 'gateway'].entries()) {
      expected.refusedAlone(demo.view.traceOf('revoked-app-session', attempt + 1), service, 'token_inactive');
    }
  });

  it("payments' careless audit log is exported redacted", () => {
    const records = demo.view.logs(demo.view.traceOf('alice-checkout'));
    expect(
      records.map((record) => [record.service, record.body, record.attributes['jwt.redaction_count']]),
    ).toEqual([['payments', 'charge accepted; caller sent Bearer REDACTED', 1]]);
  });
});

describe('no token material anywhere', () => {
  it('the leak scanner finds none of the issued tokens in any exported body, the output or the Jaeger file', () => {
    // Logins, the expired and rotated-key tokens, orders' own token and the exchanged one, the mobile app's.
    expect(demo.tokens.length).toBeGreaterThanOrEqual(12);
    // The mobile app's opaque token, which every service sent to the IdP's introspection endpoint, is
    // scanned for like the JWTs.
    expect(demo.tokens.filter((token) => !token.includes('.')).length).toBeGreaterThanOrEqual(1);
    // So are the client secrets: orders' (token exchange) and the services' (introspection).
    expect(demo.clientSecrets).toHaveLength(4);
    const secrets = [...demo.tokens, ...demo.clientSecrets];
    expect(demo.received.length).toBeGreaterThan(0);
    for (const [index, received] of demo.received.entries()) {
      expect(received.contentType).toContain('application/json');
      expect(
        findTokenLeaks({ otlpJson: received.body }, secrets),
        `export #${index} ${received.path}`,
      ).toEqual([]);
    }
    expect(findTokenLeaks({ text: demo.run.stdout + demo.run.stderr }, secrets)).toEqual([]);
    expect(findTokenLeaks({ text: demo.jaegerText }, secrets)).toEqual([]);
  });
});
