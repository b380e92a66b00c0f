import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createJwtVerifier, type JwtVerifier } from '../../src/index.js';
import { buildCatalogue } from '../support/attack-catalogue.js';
import { b64, signClaims } from '../support/forge.js';
import { makeForeignKey, makeTestKeys, type TestKey } from '../support/test-keys.js';

const NOW_SECONDS = 1_900_000_000;
const ISSUER = 'https://idp.test';
const keys = makeTestKeys();
const claims = { iss: ISSUER, aud: 'orders', sub: 'alice', exp: NOW_SECONDS + 300, roles: ['admin'] };

function verifierWith(...issuerKeys: [string, TestKey[]][]): JwtVerifier {
  return createJwtVerifier({
    issuers: issuerKeys.map(([issuer, list]) => ({
      issuer,
      audience: 'orders',
      keys: {
        type: 'static' as const,
        keys: [{ type: 'jwks' as const, jwks: { keys: list.map((k) => k.publicJwk) } }],
      },
    })),
  });
}

describe('verifier', () => {
  let verifier: JwtVerifier;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_SECONDS * 1000);
    verifier = verifierWith([ISSUER, Object.values(keys)]);
  });
  afterEach(() => {
    verifier.close();
    vi.useRealTimers();
  });

  test('returns the verdict synchronously, not as a promise', () => {
    const result = verifier.verify(signClaims(keys.ES256, claims));
    expect(result).not.toBeInstanceOf(Promise);
    expect(result.status).toBe('valid');
  });

  test('hands out deeply frozen header and claims that no caller can alter for the next one', () => {
    const result = verifier.verify(signClaims(keys.ES256, claims));
    if (result.status !== 'valid') throw new Error(result.code);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.header)).toBe(true);
    expect(Object.isFrozen(result.claims)).toBe(true);
    expect(Object.isFrozen(result.claims.roles)).toBe(true);
    expect(() => (result.claims.roles as string[]).push('root')).toThrow(TypeError);
  });

  test('serves a repeated token from the cache as the same result object', () => {
    const token = signClaims(keys.RS256, claims);
    expect(verifier.verify(token)).toBe(verifier.verify(token));
  });

  test('never serves a cached verdict past the token exp', () => {
    const token = signClaims(keys.ES256, { ...claims, exp: NOW_SECONDS + 10 });
    expect(verifier.verify(token).status).toBe('valid');
    vi.setSystemTime((NOW_SECONDS + 10) * 1000);
    // Within the clock tolerance the token is re-verified (still valid), never answered from the cache.
    const again = verifier.verify(token);
    expect(again.status).toBe('valid');
    vi.setSystemTime((NOW_SECONDS + 41) * 1000);
    expect(verifier.verify(token)).toMatchObject({ status: 'invalid', code: 'expired' });
  });

  test('rejects a token that reuses a cached token signature with other claims', () => {
    const token = signClaims(keys.ES256, claims);
    expect(verifier.verify(token).status).toBe('valid');
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64(JSON.stringify({ ...claims, sub: 'mallory' }))}.${signature}`;
    expect(verifier.verify(forged)).toMatchObject({ status: 'invalid', code: 'invalid_signature' });
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('boom');
        },
      },
    ],
    ['a symbol', Symbol('token')],
  ])('returns not_a_string, without throwing, for %s', (_name, input) => {
    expect(verifier.verify(input)).toEqual({ status: 'invalid', code: 'not_a_string' });
  });

  test('never puts token material into a refusal: no 16-character piece of any catalogue token', async () => {
    for (const attack of buildCatalogue({
      keys,
      issuer: ISSUER,
      audience: 'orders',
      nowSeconds: NOW_SECONDS,
    })) {
      const token = await attack.token();
      const result = verifier.verify(token);
      if (result.status === 'valid') continue;
      const printed = JSON.stringify(result);
      expect(Object.keys(result).sort()).toEqual(['code', 'status']);
      for (let i = 0; i + 16 <= token.length; i += 4) {
        expect(printed.includes(token.slice(i, i + 16))).toBe(false);
      }
    }
  });
});

describe('several issuers', () => {
  test('verifies each issuer with its own keys and policy', () => {
    const other = makeForeignKey('ES256', 'ec-1');
    const verifier = verifierWith([ISSUER, [keys.ES256]], ['https://partner.test', [other]]);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(verifier.verify(signClaims(keys.ES256, { ...claims, exp })).status).toBe('valid');
    expect(verifier.verify(signClaims(other, { ...claims, exp, iss: 'https://partner.test' })).status).toBe(
      'valid',
    );
    verifier.close();
  });

  test('rejects a token claiming one issuer but signed by the other issuer under the same kid', () => {
    const other = makeForeignKey('ES256', 'ec-1');
    const verifier = verifierWith([ISSUER, [keys.ES256]], ['https://partner.test', [other]]);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(verifier.verify(signClaims(other, { ...claims, exp }))).toMatchObject({
      code: 'invalid_signature',
    });
    verifier.close();
  });
});

test('never fetches the URL of an embedded jku or x5u header', async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  const verifier = verifierWith([ISSUER, [keys.ES256]]);
  const attacker = makeForeignKey('ES256', 'attacker');
  const exp = Math.floor(Date.now() / 1000) + 60;
  const fetches = vi.spyOn(globalThis, 'fetch');
  for (const header of [{ jku: url }, { x5u: url }, { jku: url, kid: 'ec-1' }]) {
    expect(verifier.verify(signClaims(attacker, { ...claims, exp }, header)).status).not.toBe('valid');
  }
  await new Promise((resolve) => setImmediate(resolve));
  expect(fetches).not.toHaveBeenCalled();
  fetches.mockRestore();
  // And the server saw nothing but the one request of ours, sent after.
  await fetch(url);
  expect(hits).toBe(1);
  verifier.close();
  server.close();
});
