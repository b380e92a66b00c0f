import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import {
  baggageOf,
  extract,
  injectTo,
  mint,
  parseBaggage,
  TRACEPARENT,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  traceparentOf,
  unkeyedTelemetry,
} from '../support/telemetry-fixtures.js';

// The entries proof across hops that map different claims (review finding H2). Hop A does not map
// `tenant`, hop B maps it to `acme.tenant`: a client's `acme.tenant` slips through A as an ordinary
// entry, and B must not take it for one A vouched for.

const trust = { trustedDestinations: [TRUSTED_ORIGIN] };
const hopA = telemetry({ ...trust, claims: { roles: 'user.roles' } });
const hopB = telemetry({ ...trust, claims: { tenant: 'acme.tenant' } });
const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** What hop A sends to B after the client's request: `token` and the client's `baggage`. */
function fromA(token: string, baggage = 'color=blue', traceparent = TRACEPARENT): Record<string, string> {
  const context = extract(hopA.propagator, { traceparent, authorization: `Bearer ${token}`, baggage });
  return injectTo(hopA.propagator, context, TRUSTED_URL);
}

/** Hop B's extract of `sent` with `token`. */
function atB(sent: Record<string, string>, token = mint()) {
  return extract(hopB.propagator, { ...sent, authorization: `Bearer ${token}` });
}

/** `sent` with its baggage members replaced or added. */
function withMembers(sent: Record<string, string>, members: Record<string, string>): Record<string, string> {
  const baggage = { ...parseBaggage(sent.baggage), ...members };
  const header = Object.entries(baggage).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return { ...sent, baggage: header.join(',') };
}

describe('an auth entry that an earlier hop did not treat as one', () => {
  test('B removes a client-sent acme.tenant that A passed on unlisted, and keeps the user.roles A listed', () => {
    const sent = fromA(mint({ roles: ['reader'] }), 'acme.tenant=victim-corp,color=blue');
    expect(parseBaggage(sent.baggage)).toMatchObject({
      'acme.tenant': 'victim-corp',
      'user.roles': 'reader',
    });
    expect(parseBaggage(sent.baggage)['jwt.entries_proof']).toMatch(/\.user\.roles$/);
    const context = atB(sent);
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'consistent',
      removedBaggageKeys: ['acme.tenant'],
      removalReason: 'missing_proof',
    });
    expect(baggageOf(context)).toEqual({
      'jwt.subject_proof': parseBaggage(sent.baggage)['jwt.subject_proof'],
      'jwt.entries_proof': parseBaggage(sent.baggage)['jwt.entries_proof'],
      'user.roles': 'reader',
      color: 'blue',
    });
  });

  test("B's own tenant claim replaces the client's acme.tenant rather than sitting beside it", () => {
    const sent = fromA(mint({ roles: ['reader'] }), 'acme.tenant=victim-corp');
    const context = atB(sent, mint({ tenant: 'acme' }));
    expect(baggageOf(context)['acme.tenant']).toBe('acme');
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['acme.tenant']);
  });

  test('B sends on, with a fresh entries proof, only what it vouches for: the next hop keeps user.roles', () => {
    const context = atB(
      fromA(mint({ roles: ['reader'] }), 'acme.tenant=victim-corp'),
      mint({ tenant: 'acme' }),
    );
    const sent = injectTo(hopB.propagator, context, TRUSTED_URL);
    expect(Object.keys(parseBaggage(sent.baggage)).slice(0, 2)).toEqual([
      'jwt.subject_proof',
      'jwt.entries_proof',
    ]);
    expect(parseBaggage(sent.baggage)['jwt.entries_proof']).toMatch(/\.acme\.tenant,user\.roles$/);
    const next = atB(sent);
    expect(getAuth(next)?.removedBaggageKeys).toEqual([]);
    expect(baggageOf(next)).toMatchObject({ 'acme.tenant': 'acme', 'user.roles': 'reader' });
  });
});

describe('an entries proof that does not check vouches for nothing', () => {
  test('a tampered value of a listed entry removes every listed entry', () => {
    const sent = withMembers(fromA(mint({ roles: ['reader'] })), { 'user.roles': 'admin' });
    const context = atB(sent);
    expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['user.roles']);
    expect(baggageOf(context)).not.toHaveProperty('user.roles');
  });

  test('a listed entry dropped on the way makes the whole proof fail', () => {
    const sent = fromA(mint({ roles: ['reader'], level: 3 }));
    const { 'user.roles': _dropped, ...rest } = parseBaggage(sent.baggage);
    const header = Object.entries(rest).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
    const context = atB({ ...sent, baggage: header.join(',') });
    expect(baggageOf(context)).not.toHaveProperty('user.roles');
  });

  test('an entries proof replayed from another trace, under a valid subject proof of this one, fails', () => {
    const old = parseBaggage(
      fromA(mint({ roles: ['admin'] }), 'color=blue', traceparentOf(OTHER_TRACE)).baggage,
    );
    const sent = withMembers(fromA(mint({ roles: ['reader'] })), {
      'jwt.entries_proof': old['jwt.entries_proof'] as string,
      'user.roles': 'admin',
    });
    const context = atB(sent);
    expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['user.roles']);
  });

  test("an entries proof issued for another subject's request in the same trace fails", () => {
    const bobs = parseBaggage(fromA(mint({ sub: 'bob', roles: ['admin'] })).baggage);
    const sent = withMembers(fromA(mint({ roles: ['reader'] })), {
      'jwt.entries_proof': bobs['jwt.entries_proof'] as string,
      'user.roles': 'admin',
    });
    const context = atB(sent);
    expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(getAuth(context)?.removedBaggageKeys).toEqual(['user.roles']);
  });

  test('a tampered entries proof is recorded as invalid_proof, not as a missing one', () => {
    const sent = withMembers(fromA(mint({ roles: ['reader'] })), { 'user.roles': 'admin' });
    expect(getAuth(atB(sent))?.removalReason).toBe('invalid_proof');
  });

  test('a client cannot send its own entries proof to the first hop: A consumes it and issues its own', () => {
    const forged = `jwt.entries_proof=k1.${'A'.repeat(22)}.user.level,user.level=9`;
    const sent = fromA(mint({ roles: ['reader'] }), forged);
    expect(parseBaggage(sent.baggage)['jwt.entries_proof']).toMatch(/\.user\.roles$/);
    expect(parseBaggage(sent.baggage)).not.toHaveProperty('user.level');
  });
});

describe('hops that must not issue an entries proof', () => {
  test('an unkeyed deployment sends the h1 subject proof but never an entries proof', () => {
    const unkeyed = unkeyedTelemetry({ ...trust, claims: { roles: 'user.roles' } });
    const context = extract(unkeyed.propagator, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${mint({ roles: ['reader'] })}`,
    });
    const sent = parseBaggage(injectTo(unkeyed.propagator, context, TRUSTED_URL).baggage);
    expect(sent['jwt.subject_proof']).toMatch(/^h1\./);
    expect(sent).not.toHaveProperty('jwt.entries_proof');
    expect(sent['user.roles']).toBe('reader');
  });

  test('a hop that sees a changed subject sends no entries proof, so its entries are not vouched for downstream', () => {
    const bob = mint({ sub: 'bob', tenant: 'globex' });
    const changed = atB(fromA(mint({ roles: ['reader'] })), bob);
    expect(getAuth(changed)?.subjectVerdict).toBe('changed');
    const sent = parseBaggage(injectTo(hopB.propagator, changed, TRUSTED_URL).baggage);
    expect(sent).not.toHaveProperty('jwt.entries_proof');
    expect(sent['acme.tenant']).toBe('globex');
    const next = atB(injectTo(hopB.propagator, changed, TRUSTED_URL), mint({ roles: ['reader'] }));
    expect(getAuth(next)?.removedBaggageKeys).toEqual(['acme.tenant']);
  });

  test('a hop without a verified token forwards the subject proof alone', () => {
    const context = extract(hopB.propagator, fromA(mint({ roles: ['reader'] })));
    expect(getAuth(context)?.subjectVerdict).toBe('token_dropped');
    const sent = parseBaggage(injectTo(hopB.propagator, context, TRUSTED_URL).baggage);
    expect(Object.keys(sent)).toEqual(['jwt.subject_proof', 'color']);
  });

  test('a delegated hop vouches like a consistent one', () => {
    const context = atB(
      fromA(mint({ roles: ['reader'] })),
      mint({ act: { sub: 'gateway' }, tenant: 'acme' }),
    );
    expect(getAuth(context)?.subjectVerdict).toBe('delegated');
    const sent = parseBaggage(injectTo(hopB.propagator, context, TRUSTED_URL).baggage);
    expect(sent['jwt.entries_proof']).toMatch(/\.acme\.tenant,user\.roles$/);
  });
});

describe('one mac for a consistent hop', () => {
  /** What A sends for a reader, its intact subject proof, and that proof with its mac's last character changed. */
  function brokenSubjectProof(): { sent: Record<string, string>; intact: string; broken: string } {
    const sent = fromA(mint({ roles: ['reader'] }));
    const intact = parseBaggage(sent.baggage)['jwt.subject_proof'] as string;
    return { sent, intact, broken: `${intact.slice(0, -1)}${intact.endsWith('A') ? 'B' : 'A'}` };
  }

  test('a checking entries proof authenticates the subject proof beside it, which the hop then issues afresh', () => {
    // The subject proof's own mac is broken; its digest and trace are what the entries proof covers.
    const { sent, intact, broken } = brokenSubjectProof();
    const context = atB(withMembers(sent, { 'jwt.subject_proof': broken }));
    expect(getAuth(context)).toMatchObject({ subjectVerdict: 'consistent', removedBaggageKeys: [] });
    const onward = parseBaggage(injectTo(hopB.propagator, context, TRUSTED_URL).baggage);
    expect(onward['jwt.subject_proof']).toBe(intact);
  });

  test('without an entries proof, a subject proof with a broken mac is invalid_proof', () => {
    const { sent, broken } = brokenSubjectProof();
    const members = parseBaggage(sent.baggage);
    delete members['jwt.entries_proof'];
    members['jwt.subject_proof'] = broken;
    const header = Object.entries(members).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
    const context = atB({ ...sent, baggage: header.join(',') });
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'no_upstream_proof',
      removalReason: 'invalid_proof',
    });
  });
});
