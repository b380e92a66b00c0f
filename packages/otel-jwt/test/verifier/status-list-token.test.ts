import { KeyObject, sign } from 'node:crypto';
import fc from 'fast-check';
import { type JWTPayload, SignJWT } from 'jose';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { KeyRing } from '../../src/keys/key-ring.js';
import { refreshSettings } from '../../src/keys/refresh-settings.js';
import { RemoteKeySource } from '../../src/keys/remote-key-source.js';
import { importStaticKeys } from '../../src/keys/static-keys.js';
import type { ListTokenOutcome } from '../../src/revocation/status-list-outcomes.js';
import {
  checkListToken,
  type ListTokenIssuer,
  makeListTokenCheck,
} from '../../src/verifier/status-list-token.js';
import { TokenParts } from '../../src/verifier/token-parts.js';
import { captureDiag } from '../support/remote-fixtures.js';
import {
  type ListSigningKey,
  lstOf,
  makeListKey,
  packStatuses,
  type StatusListServer,
  startStatusListServer,
} from '../support/status-list-server.js';

// The check of a fetched status list token against the keys and algorithms of the issuer whose tokens
// reference the list: header, signature, then claims, each refusal with its own code.

const ISSUER = 'https://idp.example';
const URI = 'https://status.example/lists/1';
const T0 = Date.UTC(2030, 0, 1);
const NOW = Math.floor(T0 / 1000);
const LST = lstOf(packStatuses([0, 1, 2, 3], 2));

const [key, foreign] = await Promise.all([makeListKey('k1'), makeListKey('k1')]);

function issuerOf(signing: ListSigningKey = key, over: Partial<ListTokenIssuer> = {}): ListTokenIssuer {
  const ring = new KeyRing();
  ring.replace(importStaticKeys([{ type: 'jwk', jwk: signing.jwk }], 'test.keys', ['ES256']));
  return { issuer: ISSUER, ring, algorithms: new Set(['ES256']), clockToleranceSeconds: 30, ...over };
}

function listToken(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  signing: ListSigningKey = key,
): Promise<string> {
  const payload = Object.fromEntries(
    Object.entries({
      sub: URI,
      iat: NOW,
      exp: NOW + 3600,
      ttl: 300,
      status_list: { bits: 2, lst: LST },
      ...claims,
    }).filter(([, v]) => v !== undefined),
  ) as JWTPayload;
  const protectedHeader = Object.fromEntries(
    Object.entries({ alg: 'ES256', kid: signing.kid, typ: 'statuslist+jwt', ...header }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return new SignJWT(payload).setProtectedHeader(protectedHeader as never).sign(signing.privateKey);
}

/** A token of the given header and payload text, signed as is (what jose's builders refuse to write). */
function rawToken(
  payload: string,
  header: object = { alg: 'ES256', kid: 'k1', typ: 'statuslist+jwt' },
): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: KeyObject.from(key.privateKey),
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

const check = (token: string, issuer = issuerOf(), nowMs = T0): ListTokenOutcome =>
  checkListToken(issuer, new TokenParts(16), token, URI, nowMs);
const faultOf = (outcome: ListTokenOutcome): string => (outcome.ok ? 'ok' : outcome.fault);

describe('a well-formed status list token', () => {
  test('yields its bits, lst, iat, ttl and the instants of its exp', async () => {
    expect(check(await listToken())).toEqual({
      ok: true,
      bits: 2,
      lst: LST,
      iatSeconds: NOW,
      ttlSeconds: 300,
      expiresAtMs: (NOW + 3600) * 1000,
      usableUntilMs: (NOW + 3630) * 1000,
    });
  });

  test('without exp or ttl it never expires by itself and has no ttl', async () => {
    const outcome = check(await listToken({ exp: undefined, ttl: undefined }));
    expect(outcome).toMatchObject({ ok: true, ttlSeconds: undefined, expiresAtMs: Number.POSITIVE_INFINITY });
  });

  test.each(['statuslist+jwt', 'application/statuslist+jwt', 'StatusList+JWT', 'APPLICATION/STATUSLIST+JWT'])(
    'accepts typ %s',
    async (typ) => {
      expect(faultOf(check(await listToken({}, { typ })))).toBe('ok');
    },
  );

  test('accepts an iss equal to the issuer and an exp just past within the clock tolerance', async () => {
    expect(faultOf(check(await listToken({ iss: ISSUER, exp: NOW - 29 })))).toBe('ok');
  });
});

describe('refusals', () => {
  test.each([
    ['typ JWT', { typ: 'JWT' }, 'typ_not_accepted'],
    ['typ at+jwt', { typ: 'at+jwt' }, 'typ_not_accepted'],
    ['no typ', { typ: undefined }, 'typ_not_accepted'],
    ['a typ that is not a string', { typ: 7 }, 'typ_not_accepted'],
  ])('refuses a list with %s', async (_, header, code) => {
    expect(faultOf(check(await listToken({}, header)))).toBe(code);
  });

  test('refuses a list whose signature does not verify', async () => {
    const token = await listToken();
    const at = token.lastIndexOf('.') + 5;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(faultOf(check(tampered))).toBe('invalid_signature');
  });

  test('refuses a list signed by another key under the issuer’s kid', async () => {
    expect(faultOf(check(await listToken({}, {}, foreign)))).toBe('invalid_signature');
  });

  test('refuses a list whose kid the issuer’s ring does not hold, when there is no key source to ask', async () => {
    expect(faultOf(check(await listToken({}, { kid: 'other' })))).toBe('unknown_key');
  });

  test('refuses a list signed with an algorithm outside the issuer’s allow-list', async () => {
    const issuer = issuerOf(key, { algorithms: new Set(['RS256']) });
    expect(faultOf(check(await listToken(), issuer))).toBe('alg_not_allowed');
  });

  test('refuses an unsigned list (alg none)', async () => {
    const [, payload] = (await listToken()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'statuslist+jwt' })).toString('base64url');
    expect(faultOf(check(`${header}.${payload}.`))).toBe('alg_not_allowed');
  });

  test.each([
    ['sub naming another list', { sub: 'https://status.example/lists/2' }, 'subject_mismatch'],
    ['no sub', { sub: undefined }, 'subject_mismatch'],
    ['another issuer', { iss: 'https://other.example' }, 'issuer_mismatch'],
    ['no iat', { iat: undefined }, 'invalid_claim'],
    ['a string iat', { iat: String(NOW) }, 'invalid_claim'],
    ['an exp past the clock tolerance', { exp: NOW - 30 }, 'expired'],
    ['a string exp', { exp: 'soon' }, 'invalid_claim'],
    ['an nbf ahead of the clock tolerance', { nbf: NOW + 31 }, 'not_yet_valid'],
    ['a ttl of 0', { ttl: 0 }, 'invalid_claim'],
    ['a negative ttl', { ttl: -5 }, 'invalid_claim'],
    ['a string ttl', { ttl: '300' }, 'invalid_claim'],
    ['no status_list', { status_list: undefined }, 'invalid_list'],
    ['a status_list array', { status_list: [2, LST] }, 'invalid_list'],
    ['bits 3', { status_list: { bits: 3, lst: LST } }, 'invalid_list'],
    ['bits as a string', { status_list: { bits: '2', lst: LST } }, 'invalid_list'],
    ['no lst', { status_list: { bits: 2 } }, 'invalid_list'],
    ['an lst that is not a string', { status_list: { bits: 2, lst: [1, 2] } }, 'invalid_list'],
  ])('refuses a list with %s', async (_, claims, code) => {
    expect(faultOf(check(await listToken(claims)))).toBe(code);
  });

  test('refuses a list whose header names a critical extension', async () => {
    const payload = JSON.stringify({ sub: URI, iat: NOW, status_list: { bits: 2, lst: LST } });
    expect(faultOf(check(rawToken(payload)))).toBe('ok');
    const header = { alg: 'ES256', kid: 'k1', typ: 'statuslist+jwt', crit: ['x-ext'], 'x-ext': 1 };
    expect(faultOf(check(rawToken(payload, header)))).toBe('malformed');
  });

  test('refuses a list whose claims repeat a member', async () => {
    const token = rawToken(
      `{"sub":"${URI}","sub":"${URI}","iat":${NOW},"status_list":{"bits":1,"lst":"${LST}"}}`,
    );
    expect(faultOf(check(token))).toBe('malformed');
  });

  test.each([
    ['two segments', 'eyJhbGciOiJFUzI1NiJ9.e30'],
    ['five segments (JWE)', 'a.b.c.d.e'],
    ['an empty body', ''],
    ['an HTML error page', '<html>503</html>'],
  ])('refuses %s as malformed', (_, token) => {
    expect(faultOf(check(token))).toBe('malformed');
  });

  test('never throws, whatever the body', () => {
    const issuer = issuerOf();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.base64String(), { maxLength: 4 }).map((s) => s.join('.')),
        ),
        (body) => {
          expect(check(body, issuer).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rotation of the list’s signing key', () => {
  let server: StatusListServer | undefined;
  let source: RemoteKeySource | undefined;
  afterEach(async () => {
    source?.close();
    await server?.stop();
    vi.useRealTimers();
  });

  async function remoteIssuer() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    server = await startStatusListServer();
    const ring = new KeyRing();
    source = new RemoteKeySource(
      ISSUER,
      { jwksUri: server.jwksUri },
      ring,
      ['ES256'],
      refreshSettings({ cooldownSeconds: 30 }),
    );
    await source.refresh();
    const issuer: ListTokenIssuer = {
      issuer: ISSUER,
      ring,
      source,
      algorithms: new Set(['ES256']),
      clockToleranceSeconds: 30,
    };
    return { server, source, issuer, check: makeListTokenCheck(issuer, new TokenParts(16)) };
  }

  test('a list signed with a new kid published in the issuer’s key set verifies after one key refresh', async () => {
    const diag = captureDiag();
    const { server, check } = await remoteIssuer();
    const next = await makeListKey('k2');
    server.signer = next;
    server.jwks = [next.jwk];
    server.setList('1', 2, [0, 1]);
    vi.setSystemTime(T0 + 31_000);
    const outcome = await check(await server.listToken('1'), server.uri('1'), Date.now());
    expect(faultOf(outcome)).toBe('ok');
    expect(server.hits.get('/jwks')).toBe(2);
    diag.stop();
  });

  test('a kid unknown even after the refresh is refused, and asks for no second refresh within the cooldown', async () => {
    const diag = captureDiag();
    const { server, check } = await remoteIssuer();
    server.signer = await makeListKey('never-published');
    server.setList('1', 2, [0, 1]);
    vi.setSystemTime(T0 + 31_000);
    const token = await server.listToken('1');
    expect(faultOf(await check(token, server.uri('1'), Date.now()))).toBe('unknown_key');
    expect(faultOf(await check(token, server.uri('1'), Date.now()))).toBe('unknown_key');
    expect(server.hits.get('/jwks')).toBe(2);
    diag.stop();
  });
});
