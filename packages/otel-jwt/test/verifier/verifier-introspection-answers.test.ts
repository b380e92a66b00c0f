// Introspection answers in the verifier: what an endpoint that fails gives a token
// (`introspection_unavailable`, held for a second), and how long an answer, active or not, is reused
// (`maxCacheSeconds`, never past an active answer's `exp`).
import { describe, expect, test, vi } from 'vitest';
import { activeAnswer, admitted, useIntrospectedVerifiers } from '../support/introspected-verifiers.js';
import { ISSUER, NOW, T0 } from '../support/introspection-fixtures.js';
import type { IntrospectionMode, IntrospectionServer } from '../support/introspection-server.js';
import { outcome, until } from '../support/remote-fixtures.js';

const { notices, setUp } = useIntrospectedVerifiers();

/** Puts the endpoint in `mode`, answering `raw` in raw mode. */
const inMode =
  (mode: IntrospectionMode, raw = '') =>
  (server: IntrospectionServer): void => {
    server.mode = mode;
    server.raw = raw;
  };

describe('when the endpoint fails', () => {
  test.each([
    ['answers HTTP 500', inMode('http-500')],
    ['resets the connection', inMode('reset')],
    ['redirects', inMode('redirect')],
    ['answers JSON without a boolean active', inMode('raw', '{"active":"true","sub":"alice"}')],
    ['answers what is not JSON', inMode('raw', 'active=true')],
    ['is down', (server: IntrospectionServer) => server.stop()],
  ])(
    'introspection_unavailable when it %s, with no token or secret in the diagnostics',
    async (_name, fail) => {
      const { server, v, token } = await setUp();
      await fail(server);
      expect(await admitted(v, token)).toBe('unverified:introspection_unavailable');
      const said = notices().join('\n');
      expect(said).toContain(ISSUER);
      expect(said).not.toContain(token);
      expect(said).not.toContain(server.client.secret);
    },
  );

  test('a failure is held for a second, then the token is introspected afresh', async () => {
    const { server, v, token } = await setUp();
    server.mode = 'http-500';
    expect(await admitted(v, token)).toBe('unverified:introspection_unavailable');
    vi.setSystemTime(T0 + 999);
    expect(await admitted(v, token)).toBe('unverified:introspection_unavailable');
    expect(server.requests).toHaveLength(1);
    server.mode = 'normal';
    vi.setSystemTime(T0 + 1000);
    expect(outcome(v.verify(token))).toBe('unverified:not_introspected');
    expect(await admitted(v, token)).toBe('valid');
    expect(server.requests).toHaveLength(2);
  });

  test('an endpoint that never answers: the admission wait ends first, then the request times out', async () => {
    const { server, v, token } = await setUp(activeAnswer(), { timeoutMilliseconds: 200 });
    server.mode = 'hang';
    expect(await v.admit?.(token, { maxKeyWaitMilliseconds: 20 })).toBe('timeout');
    expect(outcome(v.verify(token))).toBe('unverified:not_introspected');
    await until(() => outcome(v.verify(token)) === 'unverified:introspection_unavailable');
    expect(server.requests).toHaveLength(1);
  });
});

describe('held answers', () => {
  test('an active answer is reused for maxCacheSeconds, then the token needs introspection again', async () => {
    const { server, v, token } = await setUp(activeAnswer(), { maxCacheSeconds: 60 });
    expect(await admitted(v, token)).toBe('valid');
    vi.setSystemTime(T0 + 59_999);
    expect(v.admit?.(token)).toBeUndefined();
    expect(outcome(v.verify(token))).toBe('valid');
    vi.setSystemTime(T0 + 60_000);
    expect(outcome(v.verify(token))).toBe('unverified:not_introspected');
    expect(await admitted(v, token)).toBe('valid');
    expect(server.requests).toHaveLength(2);
  });

  test('an active answer is never reused past its exp, though maxCacheSeconds is longer', async () => {
    const { server, v, token } = await setUp(activeAnswer({ exp: NOW + 10 }), { maxCacheSeconds: 60 });
    expect(await admitted(v, token)).toBe('valid');
    vi.setSystemTime(T0 + 9_999);
    expect(outcome(v.verify(token))).toBe('valid');
    vi.setSystemTime(T0 + 10_000);
    expect(outcome(v.verify(token))).toBe('unverified:not_introspected');
    // Asked again, the endpoint still gives the passed exp: inactive.
    expect(await admitted(v, token)).toBe('invalid:token_inactive');
    expect(server.requests).toHaveLength(2);
  });

  test('an inactive answer is reused for maxCacheSeconds too: the token does not come back sooner', async () => {
    const { server, v, token } = await setUp({ active: false }, { maxCacheSeconds: 60 });
    expect(await admitted(v, token)).toBe('invalid:token_inactive');
    server.answers.set(token, activeAnswer());
    vi.setSystemTime(T0 + 59_999);
    expect(await admitted(v, token)).toBe('invalid:token_inactive');
    expect(server.requests).toHaveLength(1);
    vi.setSystemTime(T0 + 60_000);
    expect(await admitted(v, token)).toBe('valid');
  });
});
