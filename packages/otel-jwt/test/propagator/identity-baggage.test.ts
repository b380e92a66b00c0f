import { afterAll, describe, expect, test } from 'vitest';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../../src/attribute-keys.js';
import { serializeBaggage } from '../../src/propagator/baggage-codec.js';
import { issueEntriesProof } from '../../src/propagator/entries-proof.js';
import type { Identity } from '../../src/propagator/identity.js';
import { issueProof } from '../../src/propagator/subject-proof.js';
import type { TelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import { attributesOf, expectNoTokenPiece, identityOf, verifier } from '../support/identity-fixtures.js';
import { KEY, mint, TRACE_ID } from '../support/telemetry-fixtures.js';

/** Identity (identity.ts): mapped claims, the auth baggage budget and token material in claims. */

/** 20 characters of the header segment every test token starts with, known before minting. */
const HEADER_PIECE = Buffer.from(JSON.stringify({ alg: KEY.alg, kid: KEY.kid, typ: 'at+jwt' }))
  .toString('base64url')
  .slice(4, 24);

afterAll(() => verifier.close());

/** The auth part of the header a first hop sends: subject proof, entries proof, then the entries. */
function authHeader(settings: TelemetrySettings, identity: Identity): string {
  const digest = identity.subjectDigest as string;
  const proof = issueProof(settings.keys, TRACE_ID, digest);
  const entries = issueEntriesProof(settings.keys, TRACE_ID, digest, identity.baggage) ?? '';
  return serializeBaggage([
    [BAGGAGE_JWT_SUBJECT_PROOF, { value: proof }],
    [BAGGAGE_JWT_ENTRIES_PROOF, { value: entries }],
    ...identity.baggage,
  ]);
}

describe('mapped claims and baggage', () => {
  const claims = { roles: 'user.roles', tenant: 'tenant.id', level: { key: 'app.level', propagate: false } };

  test('mapped claims land on attributes and, when propagated, in baggage in configuration order', () => {
    const { identity } = identityOf({ level: 3, tenant: 'acme', roles: ['admin', 'dev'] }, { claims });
    expect(identity.attributes).toMatchObject({
      'user.roles': ['admin', 'dev'],
      'tenant.id': 'acme',
      'app.level': 3,
    });
    expect(identity.baggage).toEqual([
      ['user.roles', { value: 'admin,dev' }],
      ['tenant.id', { value: 'acme' }],
    ]);
  });

  test('claims the token lacks are left out without being reported as omitted', () => {
    const { identity } = identityOf({ tenant: 'acme' }, { claims });
    expect(Object.keys(identity.attributes)).not.toContain('user.roles');
    expect(identity.attributes).not.toHaveProperty(['jwt.claims.omitted']);
  });

  test('mapped claims whose value breaks a limit are listed in jwt.claims.omitted and not written', () => {
    const { identity } = identityOf({ roles: ['x'.repeat(129)], tenant: { id: 'acme' } }, { claims });
    expect(identity.attributes['jwt.claims.omitted']).toEqual(['user.roles', 'tenant.id']);
    expect(identity.attributes).not.toHaveProperty(['user.roles']);
    expect(identity.baggage).toEqual([]);
  });

  test('an array item holding a comma stays on spans but is left out of baggage and recorded', () => {
    const { identity } = identityOf({ roles: ['admin', 'dev,ops'] }, { claims });
    expect(identity.attributes['user.roles']).toEqual(['admin', 'dev,ops']);
    expect(identity.baggage).toEqual([]);
    expect(identity.attributes['jwt.baggage.omitted']).toEqual(['user.roles']);
  });

  test('the baggage budget leaves room for both proofs and records what it left out', () => {
    const config = { claims: { a: 'app.a', b: 'app.b', c: 'app.c' }, maxAuthBaggageBytes: 256 };
    const { identity, settings } = identityOf(
      { a: 'x'.repeat(50), b: 'y'.repeat(80), c: 'z'.repeat(10) },
      config,
    );
    expect(identity.baggage.map(([key]) => key)).toEqual(['app.a', 'app.c']);
    expect(identity.attributes['jwt.baggage.omitted']).toEqual(['app.b']);
    expect(identity.attributes['app.b']).toBe('y'.repeat(80));
    expect(authHeader(settings, identity).length).toBeLessThanOrEqual(256);
  });

  test.each([1, 40, 80, 120])(
    'the subject proof, the entries proof and the entries fit the budget of 256 (value of %i characters)',
    (length) => {
      const config = { claims: { a: 'app.a', b: 'app.bee', c: 'app.c' }, maxAuthBaggageBytes: 256 };
      const value = 'v'.repeat(length);
      const { identity, settings } = identityOf({ a: value, b: value, c: value }, config);
      expect(identity.baggage.length).toBeGreaterThan(0);
      expect(authHeader(settings, identity).length).toBeLessThanOrEqual(256);
    },
  );

  test("user.id goes first into baggage only with subject.inBaggage 'raw'", () => {
    const raw = identityOf({ tenant: 'acme' }, { claims, subject: { onSpans: 'raw' } }).identity;
    expect(raw.baggage.map(([key]) => key)).toEqual(['tenant.id']);
    const { identity } = identityOf({ tenant: 'acme' }, { claims, subject: { inBaggage: 'raw' } });
    expect(identity.baggage).toEqual([
      ['user.id', { value: 'alice' }],
      ['tenant.id', { value: 'acme' }],
    ]);
  });

  test('no attribute or baggage value holds a 16-char piece of the token', () => {
    const { identity, token } = identityOf(
      { roles: ['admin'], tenant: 'acme', act: { sub: 'gw' }, scope: 'a b', jti: undefined },
      { claims, subject: { onSpans: 'raw', inBaggage: 'raw' } },
    );
    expectNoTokenPiece(identity, token);
  });
});

describe('claims holding pieces of their own token', () => {
  test('the header piece used below really is in the minted token', () => {
    expect(mint().includes(HEADER_PIECE)).toBe(true);
  });

  test('a mapped claim holding a piece of its own token is omitted from spans and baggage', () => {
    const { identity, token } = identityOf(
      { tenant: `t-${HEADER_PIECE}` },
      { claims: { tenant: 'tenant.id' } },
    );
    expect(identity.attributes['jwt.claims.omitted']).toEqual(['tenant.id']);
    expect(identity.baggage).toEqual([]);
    expectNoTokenPiece(identity, token);
  });

  test('client_id, jti and scopes holding a piece of the token are not written raw', () => {
    const { identity, token } = identityOf({
      client_id: HEADER_PIECE,
      jti: HEADER_PIECE,
      scope: HEADER_PIECE,
    });
    expect(identity.attributes).not.toHaveProperty(['jwt.client_id']);
    expect(identity.attributes).not.toHaveProperty(['jwt.scopes']);
    expect(identity.attributes['jwt.token_id']).toMatch(/^[0-9a-f]{32}$/);
    expectNoTokenPiece(identity, token);
  });

  test('a raw subject or actor holding a piece of the token is left out, a pseudonym is still written', () => {
    const claims = { sub: HEADER_PIECE, act: { sub: HEADER_PIECE } };
    const raw = identityOf(claims, { subject: { onSpans: 'raw', inBaggage: 'raw' } });
    expect(raw.identity.attributes).not.toHaveProperty(['user.id']);
    expect(raw.identity.attributes).not.toHaveProperty(['jwt.actor_chain']);
    expect(raw.identity.baggage).toEqual([]);
    expectNoTokenPiece(raw.identity, raw.token);
    expect(attributesOf(claims)['user.hash']).toMatch(/^[0-9a-f]{32}$/);
  });
});
