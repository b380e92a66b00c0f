// Opaque tokens through the verifier: introspected (RFC 7662) by the admission step at a real loopback
// endpoint, then judged synchronously from the held answer by the issuer's claims policy and the
// deny-list; JWS tokens of the same issuer and the configuration. Endpoint failures and the reuse of
// answers: verifier-introspection-answers.test.ts; the client alone: test/revocation/introspections*.test.ts.
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import { startDenyListServer } from '../support/deny-list-server.js';
import { signClaims } from '../support/forge.js';
import {
  activeAnswer,
  admitted,
  introspectingConfig,
  issuerOf,
  useIntrospectedVerifiers,
} from '../support/introspected-verifiers.js';
import { ISSUER, NOW, opaque, T0 } from '../support/introspection-fixtures.js';
import { outcome, settle, until } from '../support/remote-fixtures.js';
import { StatusListServer } from '../support/status-list-server.js';
import { AUDIENCE, KEY } from '../support/telemetry-fixtures.js';

const { serve, verifier, setUp } = useIntrospectedVerifiers();

const SHAPES: [string, () => string][] = [
  ['no dot', () => opaque()],
  ['one dot', () => `${opaque()}.${opaque()}`],
];

describe('an opaque token of the issuer with introspection', () => {
  test.each(SHAPES)(
    'without admission: unverified not_introspected, the endpoint never asked (%s)',
    async (_shape, make) => {
      const { server, v } = await setUp();
      const token = make();
      server.answers.set(token, activeAnswer());
      expect(v.verify(token)).toEqual({ status: 'unverified', code: 'not_introspected' });
      await settle(50);
      expect(server.requests).toHaveLength(0);
    },
  );

  test.each(SHAPES)(
    'admit then verify: valid, introspected, the claims and subject of the answer (%s)',
    async (_shape, make) => {
      const { server, v } = await setUp();
      const token = make();
      server.answers.set(token, activeAnswer({ jti: 'op-claims', roles: ['admin'] }));
      expect(await v.admit?.(token)).toBe('ready');
      const result = v.verify(token);
      expect(result).toEqual({
        status: 'valid',
        form: 'introspected',
        header: undefined,
        keyId: undefined,
        issuer: ISSUER,
        subject: 'alice',
        claims: {
          iss: ISSUER,
          sub: 'alice',
          aud: AUDIENCE,
          exp: NOW + 3600,
          iat: NOW,
          scope: 'orders:read',
          client_id: 'web-app',
          jti: 'op-claims',
          roles: ['admin'],
        },
      });
      expect(Object.isFrozen(result)).toBe(true);
      expect(v.verify(token)).toBe(result);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({
        authenticated: true,
        form: { token, token_type_hint: 'access_token' },
      });
    },
  );

  test('an admission that may not wait (maxKeyWaitMilliseconds 0) still starts the introspection for the next verify', async () => {
    const { server, v, token } = await setUp();
    expect(v.admit?.(token, { maxKeyWaitMilliseconds: 0 })).toBeUndefined();
    expect(outcome(v.verify(token))).toBe('unverified:not_introspected');
    await until(() => outcome(v.verify(token)) === 'valid');
    expect(server.requests).toHaveLength(1);
  });

  test('concurrent admissions of one token make one request', async () => {
    const { server, v, token } = await setUp();
    await Promise.all(Array.from({ length: 10 }, () => v.admit?.(token)));
    expect(server.requests).toHaveLength(1);
    expect(outcome(v.verify(token))).toBe('valid');
  });

  test('the subject follows subjectClaim; a value too long to be a subject leaves none', async () => {
    const { server, v, token } = await setUp(
      activeAnswer({ sub: 'pairwise-1', username: 'alice.w' }),
      {},
      { subjectClaim: 'username' },
    );
    await v.admit?.(token);
    expect(v.verify(token)).toMatchObject({ status: 'valid', subject: 'alice.w' });
    const long = opaque();
    server.answers.set(long, activeAnswer({ username: 'u'.repeat(1025) }));
    await v.admit?.(long);
    expect(v.verify(long)).toMatchObject({ status: 'valid', subject: undefined });
  });

  test.each([
    ['active false', { active: false, sub: 'alice', exp: NOW + 3600 }],
    ['an answer naming another issuer', activeAnswer({ iss: 'https://evil.example' })],
    ['an active answer whose exp has passed', activeAnswer({ exp: NOW - 1 })],
    ['a token the endpoint does not know', null],
  ])('refuses token_inactive: %s', async (_name, answer) => {
    const { v, token } = await setUp(answer);
    expect(await admitted(v, token)).toBe('invalid:token_inactive');
  });

  test.each([
    ['another audience', activeAnswer({ aud: 'billing' }), 'invalid:audience_mismatch'],
    ['no exp', activeAnswer({ exp: undefined }), 'invalid:missing_claim'],
    ['no aud', activeAnswer({ aud: undefined }), 'invalid:missing_claim'],
    ['nbf an hour ahead', activeAnswer({ nbf: NOW + 3600 }), 'invalid:not_yet_valid'],
    ['a sub that is not a string', activeAnswer({ sub: 7 }), 'invalid:invalid_claim'],
    ['an exp that is not a number', activeAnswer({ exp: 'tomorrow' }), 'invalid:invalid_claim'],
  ])('an active answer with %s fails the claims checks with their code', async (_name, answer, code) => {
    const { v, token } = await setUp(answer);
    expect(await admitted(v, token)).toBe(code);
  });

  test("the issuer's requiredClaims apply to answers too", async () => {
    const { v, token } = await setUp(
      activeAnswer({ client_id: undefined }),
      {},
      { requiredClaims: ['client_id'] },
    );
    expect(await admitted(v, token)).toBe('invalid:missing_claim');
  });
});

describe('revocation of introspected tokens', () => {
  test('a jti revoked in-process is refused at once, the held answer not asked again', async () => {
    const { server, v, token } = await setUp(activeAnswer({ jti: 'op-revoked' }));
    expect(await admitted(v, token)).toBe('valid');
    v.revoke?.('op-revoked', NOW + 600);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    expect(server.requests).toHaveLength(1);
  });

  test('a jti listed in the deny-list document is refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await serve();
    const denied = await startDenyListServer([{ jti: 'op-listed', exp: NOW + 3600 }]);
    try {
      const v = verifier({ ...introspectingConfig(server), denyList: { url: denied.documentUrl } });
      await v.ready();
      const token = opaque();
      server.answers.set(token, activeAnswer({ jti: 'op-listed' }));
      expect(await admitted(v, token)).toBe('invalid:revoked');
    } finally {
      await denied.stop();
    }
  });

  test('an answer naming a status list: admit waits for the list, then verify answers from it', async () => {
    const lists = await new StatusListServer().start();
    try {
      lists.setList('a', 1, [0, 1]);
      lists.mode = 'slow';
      lists.delayMs = 150;
      const server = await serve();
      const statusList = { mode: 'when-present' as const, allowedUris: [lists.listsPrefix] };
      const v = verifier(
        introspectingConfig(
          server,
          {},
          { algorithms: ['ES256'], keys: { type: 'jwks-uri', jwksUri: lists.jwksUri }, statusList },
        ),
      );
      await v.ready();
      const [good, gone] = [opaque(), opaque()];
      server.answers.set(
        good,
        activeAnswer({ exp: Math.floor(Date.now() / 1000) + 600, status: lists.statusClaim('a', 0) }),
      );
      server.answers.set(
        gone,
        activeAnswer({ exp: Math.floor(Date.now() / 1000) + 600, status: lists.statusClaim('a', 1) }),
      );
      expect(await v.admit?.(good)).toBe('ready');
      expect(outcome(v.verify(good))).toBe('valid');
      expect(await admitted(v, gone)).toBe('invalid:revoked');
    } finally {
      await lists.stop();
    }
  });

  test("a status list required of the issuer's JWTs does not refuse an answer without a status claim", async () => {
    const lists = await new StatusListServer().start();
    try {
      const server = await serve();
      const statusList = { mode: 'required' as const, allowedUris: [lists.listsPrefix] };
      const v = verifier(introspectingConfig(server, {}, { statusList }));
      const token = opaque();
      server.answers.set(token, activeAnswer({ exp: Math.floor(Date.now() / 1000) + 600 }));
      expect(await admitted(v, token)).toBe('valid');
      const jws = signClaims(KEY, { iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 });
      expect(outcome(v.verify(jws))).toBe('invalid:missing_claim');
    } finally {
      await lists.stop();
    }
  });
});

describe('other tokens of a verifier with introspection', () => {
  test('a JWS of the same issuer is verified by its signature and never introspected', async () => {
    const { server, v } = await setUp();
    const jws = signClaims(KEY, { iss: ISSUER, aud: AUDIENCE, sub: 'alice', exp: NOW + 600 });
    expect(v.admit?.(jws)).toBeInstanceOf(Promise);
    await v.admit?.(jws);
    expect(v.verify(jws)).toMatchObject({ status: 'valid', form: 'jws', keyId: KEY.kid });
    const at = jws.lastIndexOf('.') + 2;
    const forged = `${jws.slice(0, at)}${jws[at] === 'A' ? 'B' : 'A'}${jws.slice(at + 1)}`;
    expect(await admitted(v, forged)).toBe('invalid:invalid_signature');
    expect(await admitted(v, 'a.b.c.d.e')).toBe('invalid:jwe_not_supported');
    await settle(50);
    expect(server.requests).toHaveLength(0);
  });

  test('an opaque token longer than maxTokenBytes is token_too_large and never sent', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await serve();
    const v = verifier({ ...introspectingConfig(server), maxTokenBytes: 64 });
    const token = `opq_${'x'.repeat(100)}`;
    server.answers.set(token, activeAnswer());
    expect(v.admit?.(token)).toBeUndefined();
    expect(outcome(v.verify(token))).toBe('invalid:token_too_large');
    await settle(50);
    expect(server.requests).toHaveLength(0);
  });

  test('without admission, no string that is not a three-segment JWS is ever valid or sent (property)', async () => {
    const { server, v } = await setUp();
    const notJws = fc
      .string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_', '~', '+', '/', '='), maxLength: 80 })
      .filter((text) => text.split('.').length !== 3);
    fc.assert(
      fc.property(notJws, (text) => {
        expect(['unverified:not_introspected', 'invalid:jwe_not_supported']).toContain(
          outcome(v.verify(text)),
        );
      }),
      { numRuns: 300 },
    );
    await settle(50);
    expect(server.requests).toHaveLength(0);
  });
});

describe('configuration', () => {
  test('an opaque token stays malformed when no issuer has introspection', async () => {
    const { server } = await setUp();
    const { introspection: _none, ...plain } = issuerOf(server);
    const v = verifier({ issuers: [plain] });
    const token = opaque();
    expect(v.admit?.(token)).toBeUndefined();
    expect(outcome(v.verify(token))).toBe('invalid:malformed');
  });

  test('two issuers with introspection fail at start-up with a ConfigurationError, nothing fetched', async () => {
    const server = await serve();
    const denied = await startDenyListServer();
    try {
      const second = { ...issuerOf(server), issuer: 'https://second-idp.example' };
      const build = () =>
        createJwtVerifier({ issuers: [issuerOf(server), second], denyList: { url: denied.documentUrl } });
      let thrown: unknown;
      try {
        build();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect((thrown as Error).message).toMatch(/^issuers\[1\]\.introspection: .*issuers\[0\] has it/);
      expect((thrown as Error).message).not.toContain(server.client.secret);
      await settle(50);
      expect(denied.fetches).toBe(0);
      expect(server.requests).toHaveLength(0);
    } finally {
      await denied.stop();
    }
  });
});
