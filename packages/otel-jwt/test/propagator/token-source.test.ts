import { defaultTextMapGetter, type TextMapGetter } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { markDuplicateAuthorization } from '../../src/propagator/duplicate-authorization.js';
import { isBearerCredential, type ResolvedSource, readToken } from '../../src/propagator/token-source.js';

const AUTHORIZATION: ResolvedSource[] = [{ kind: 'authorization' }];
const HEADER: ResolvedSource = { kind: 'header', name: 'x-id-token' };
const COOKIE: ResolvedSource = { kind: 'cookie', name: 'session' };

/** Opaque token68 strings: the token source does not care whether they are JWTs. */
const TOKEN = 'first.opaque-token_1';
const OTHER = 'second.opaque-token_2';

/**
 * As the propagator judges an Authorization header: the b64token syntax of a token that does not verify
 * (none of these opaque tokens does) is checked after verification, with isBearerCredential.
 */
const fromAuthorization = (value: unknown) => {
  const read = readToken({ authorization: value }, defaultTextMapGetter, AUTHORIZATION);
  return read.found && read.fromAuthorization && !isBearerCredential(read.token)
    ? refused('malformed_authorization')
    : read;
};
const found = (token: string) => expect.objectContaining({ found: true, token });
const refused = (code: string) => ({ found: false, code });

describe('the Authorization source', () => {
  test.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('scheme %s in any case yields the token', (scheme) => {
    expect(fromAuthorization(`${scheme} ${TOKEN}`)).toEqual(found(TOKEN));
  });

  test('a Bearer token is handed on marked fromAuthorization, its b64token syntax left to isBearerCredential', () => {
    const read = readToken({ authorization: 'Bearer a,b' }, defaultTextMapGetter, AUTHORIZATION);
    expect(read).toEqual({ found: true, token: 'a,b', fromAuthorization: true });
    expect(isBearerCredential('a,b')).toBe(false);
    expect(isBearerCredential(TOKEN)).toBe(true);
  });

  test('a header source token is not marked fromAuthorization', () => {
    expect(readToken({ 'x-id-token': TOKEN }, defaultTextMapGetter, [HEADER])).toEqual({
      found: true,
      token: TOKEN,
      fromAuthorization: false,
    });
  });

  test('several spaces between Bearer and the token are accepted (RFC 6750 1*SP)', () => {
    expect(fromAuthorization(`Bearer    ${TOKEN}`)).toEqual(found(TOKEN));
  });

  test('every token68 character and trailing = padding are accepted', () => {
    const token = 'AZaz09-._~+/abc==';
    expect(fromAuthorization(`Bearer ${token}`)).toEqual(found(token));
  });

  test.each([
    ['Bearer', 'the scheme has no credentials'],
    ['Bearer ', 'the credentials are empty'],
    [`Bearer ${TOKEN} ${OTHER}`, 'two credentials follow the scheme (Bearer a b)'],
    [`Bearer ${TOKEN} `, 'a trailing space follows the token'],
    [`Bearer\t${TOKEN}`, 'a tab is not the space RFC 6750 requires'],
    [`Bearer ${TOKEN}, Bearer ${OTHER}`, 'a comma list holds two Bearer credentials'],
    [`Bearer ${TOKEN},${OTHER}`, 'a comma is not a token68 character'],
    ['Bearer ab=cd', 'padding = may only end the token'],
    ['Bearer "quoted"', 'a quote is not a token68 character'],
    ['Bearer tök', 'non-ASCII is not a token68 character'],
    ['', 'an empty Authorization header is not a credential'],
    ['{ not: a scheme }', 'the value is not scheme syntax at all'],
    [`Basic dXNlcg==, Bearer ${TOKEN}`, 'a Bearer credential hides behind another scheme'],
  ])('%j is malformed_authorization because %s', (value) => {
    expect(fromAuthorization(value)).toEqual(refused('malformed_authorization'));
  });

  test.each([
    'Basic dXNlcjpwYXNzd29yZA==',
    `DPoP ${TOKEN}`,
    'Negotiate',
    'BearerToken',
    'Digest username="a", realm="b", nonce="c"',
  ])('the non-Bearer credential %j (another scheme) means no token for the propagator (absent)', (value) => {
    expect(fromAuthorization(value)).toEqual(refused('absent'));
  });

  test('a repeated Authorization header given as an array is multiple_tokens', () => {
    expect(fromAuthorization([`Bearer ${TOKEN}`, `Bearer ${OTHER}`])).toEqual(refused('multiple_tokens'));
  });

  test('a repeated Authorization header is multiple_tokens even when both copies are equal', () => {
    expect(fromAuthorization([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`])).toEqual(refused('multiple_tokens'));
  });

  test('a one-element header array is read like the plain value', () => {
    expect(fromAuthorization([`Bearer ${TOKEN}`])).toEqual(found(TOKEN));
  });

  test.each([
    [undefined, 'absent'],
    [null, 'absent'],
    [[], 'absent'],
    [42, 'malformed_authorization'],
    [{ value: `Bearer ${TOKEN}` }, 'malformed_authorization'],
    [[`Bearer ${TOKEN}`, 7], 'malformed_authorization'],
    [[7], 'malformed_authorization'],
  ])('a getter result of %j is %s, never an exception', (value, code) => {
    expect(fromAuthorization(value)).toEqual(refused(code));
  });

  test('a getter that returns odd values for any carrier never makes readToken throw', () => {
    const odd: unknown[] = [Symbol('x'), () => 'Bearer x', new Map(), 10n, [null]];
    for (const value of odd) {
      const getter: TextMapGetter = { get: () => value as string, keys: () => [] };
      expect(readToken(null, getter, AUTHORIZATION).found).toBe(false);
    }
  });

  test('the header is asked for under its lower-case name', () => {
    const asked: string[] = [];
    const getter: TextMapGetter = {
      get: (_carrier, key) => {
        asked.push(key);
        return undefined;
      },
      keys: () => [],
    };
    readToken({}, getter, [{ kind: 'authorization' }, HEADER, COOKIE]);
    expect(asked).toEqual(['authorization', 'x-id-token', 'cookie']);
  });
});

describe('header and cookie sources', () => {
  test('a header source reads the bare token', () => {
    expect(readToken({ 'x-id-token': TOKEN }, defaultTextMapGetter, [HEADER])).toEqual(found(TOKEN));
  });

  test('an empty header source value is malformed_authorization', () => {
    expect(readToken({ 'x-id-token': '' }, defaultTextMapGetter, [HEADER])).toEqual(
      refused('malformed_authorization'),
    );
  });

  test('a repeated token header is multiple_tokens', () => {
    const carrier = { 'x-id-token': [TOKEN, OTHER] };
    expect(readToken(carrier, defaultTextMapGetter, [HEADER])).toEqual(refused('multiple_tokens'));
  });

  test('a cookie source finds its cookie among others and trims the value', () => {
    const carrier = { cookie: `theme=dark; session= ${TOKEN} ;lang=en` };
    expect(readToken(carrier, defaultTextMapGetter, [COOKIE])).toEqual(found(TOKEN));
  });

  test('cookie names match exactly: other case, prefixes and suffixes are not the cookie', () => {
    const carrier = { cookie: `Session=${TOKEN}; xsession=${TOKEN}; session_old=${TOKEN}` };
    expect(readToken(carrier, defaultTextMapGetter, [COOKIE])).toEqual(refused('absent'));
  });

  test('an empty cookie value is malformed_authorization', () => {
    expect(readToken({ cookie: 'session=' }, defaultTextMapGetter, [COOKIE])).toEqual(
      refused('malformed_authorization'),
    );
  });

  test('a cookie name given twice is multiple_tokens, even with the same value', () => {
    for (const cookie of [`session=${TOKEN}; session=${OTHER}`, `session=${TOKEN}; session=${TOKEN}`]) {
      expect(readToken({ cookie }, defaultTextMapGetter, [COOKIE])).toEqual(refused('multiple_tokens'));
    }
  });

  test('repeated Cookie headers are one cookie list, so the cookie is found in either', () => {
    const carrier = { cookie: ['theme=dark', `session=${TOKEN}`] };
    expect(readToken(carrier, defaultTextMapGetter, [COOKIE])).toEqual(found(TOKEN));
  });

  test('the same cookie name across repeated Cookie headers is multiple_tokens', () => {
    const carrier = { cookie: [`session=${TOKEN}`, `session=${OTHER}`] };
    expect(readToken(carrier, defaultTextMapGetter, [COOKIE])).toEqual(refused('multiple_tokens'));
  });
});

describe('several sources', () => {
  const ALL: ResolvedSource[] = [{ kind: 'authorization' }, HEADER, COOKIE];

  test('two sources holding different tokens are multiple_tokens', () => {
    const carrier = { authorization: `Bearer ${TOKEN}`, cookie: `session=${OTHER}` };
    expect(readToken(carrier, defaultTextMapGetter, ALL)).toEqual(refused('multiple_tokens'));
  });

  test('the same token in two sources is found once', () => {
    const carrier = { authorization: `Bearer ${TOKEN}`, 'x-id-token': TOKEN };
    expect(readToken(carrier, defaultTextMapGetter, ALL)).toEqual(found(TOKEN));
  });

  test('a later source supplies the token when earlier ones are absent', () => {
    expect(readToken({ cookie: `session=${TOKEN}` }, defaultTextMapGetter, ALL)).toEqual(found(TOKEN));
  });

  test('a malformed source refuses the request even when another source holds a token', () => {
    const carrier = { authorization: 'Bearer', cookie: `session=${TOKEN}` };
    expect(readToken(carrier, defaultTextMapGetter, ALL)).toEqual(refused('malformed_authorization'));
  });

  test('a request with no source holding anything is absent', () => {
    expect(readToken({}, defaultTextMapGetter, ALL)).toEqual(refused('absent'));
  });
});

describe('duplicate Authorization marks', () => {
  const request = (headers: Record<string, string>) => ({
    headers,
    rawHeaders: ['Authorization', `Bearer ${TOKEN}`, 'authorization', `Bearer ${OTHER}`],
  });

  test('headers marked as holding two Authorization headers are multiple_tokens', () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    markDuplicateAuthorization(request(headers));
    expect(readToken(headers, defaultTextMapGetter, AUTHORIZATION)).toEqual(refused('multiple_tokens'));
  });

  test('the duplicate mark is consumed by one read, so a reused headers object is judged afresh', () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    markDuplicateAuthorization(request(headers));
    readToken(headers, defaultTextMapGetter, AUTHORIZATION);
    expect(readToken(headers, defaultTextMapGetter, AUTHORIZATION)).toEqual(found(TOKEN));
  });

  test('a duplicate mark refuses the request before a cookie source is consulted', () => {
    const headers = { authorization: `Bearer ${TOKEN}`, cookie: `session=${TOKEN}` };
    markDuplicateAuthorization(request(headers));
    expect(readToken(headers, defaultTextMapGetter, [{ kind: 'authorization' }, COOKIE])).toEqual(
      refused('multiple_tokens'),
    );
  });
});
