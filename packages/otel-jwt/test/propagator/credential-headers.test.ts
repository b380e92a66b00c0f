import { defaultTextMapGetter, ROOT_CONTEXT, type TextMapGetter } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { markDuplicateAuthorization } from '../../src/propagator/duplicate-authorization.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { extract, mint, telemetry } from '../support/telemetry-fixtures.js';

// Every credential a request holds is remembered for redaction, whatever became of it: the propagator's
// extract reads the request's credential headers (or gRPC metadata) through the getter's keys.

afterEach(() => seenTokens.clear());

const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const REFRESH = 'rt_8f14e45fceea167a5a36dedd4bea2543';
const CSRF = 'csrf_c9f0f895fb98ab9159f51fd0297e236d';
const OPAQUE = 'ory_at_Zx8fK2pQ7vL1sN4tR9wY3bC6hJ0mD5gE';
const held = (secret: string) => seenTokens.holdsPiece(secret.slice(-20));

describe('the propagator remembers every credential of a request', () => {
  test('credential headers beside a valid token: an API key, a refresh token, every cookie', () => {
    const jwt = telemetry();
    const token = mint({ sub: 'credential-headers' });
    const context = extract(jwt.propagator, {
      authorization: `Bearer ${token}`,
      'x-api-key': API_KEY,
      'x-refresh-token': REFRESH,
      cookie: `theme=dark; csrf=${CSRF}`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
    });
    expect(getAuth(context)?.result.status).toBe('valid');
    for (const secret of [API_KEY, REFRESH, CSRF]) expect(held(secret), secret).toBe(true);
    expect(held('(X11; Linux x86_64) AppleWebKit/537.36')).toBe(false);
    expect(seenTokens.tokens).toEqual({ vouched: 1, unvouched: 3, sent: 0 });
    void jwt.shutdown();
  });

  test('a Basic credential and a proxy credential, which are no token for otel-jwt', () => {
    const jwt = telemetry();
    const basic = Buffer.from('service-account:correct-horse-battery').toString('base64');
    extract(jwt.propagator, { authorization: `Basic ${basic}`, 'proxy-authorization': `Bearer ${OPAQUE}` });
    expect(held(basic)).toBe(true);
    expect(held(OPAQUE)).toBe(true);
    void jwt.shutdown();
  });

  test('both of two Authorization headers of a refused request, as Node delivers them (the second only in the raw headers)', () => {
    const jwt = telemetry();
    const second = `${OPAQUE}_second`;
    const request = {
      headers: { authorization: `Bearer ${OPAQUE}` } as Record<string, string>,
      rawHeaders: ['Authorization', `Bearer ${OPAQUE}`, 'authorization', `Bearer ${second}`],
    };
    markDuplicateAuthorization(request);
    const context = jwt.propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    expect(getAuth(context)?.result).toMatchObject({ status: 'invalid', code: 'multiple_tokens' });
    expect(held(OPAQUE)).toBe(true);
    expect(held(second)).toBe(true);
    void jwt.shutdown();
  });

  test('credential metadata of a gRPC call, read through the getter as instrumentation-grpc passes it', () => {
    const jwt = telemetry();
    const metadata = new Map<string, string[]>([
      ['authorization', [`Bearer ${OPAQUE}`]],
      ['x-api-key', [API_KEY]],
      ['x-request-id', ['0af7651916cd43dd8448eb211c80319c']],
    ]);
    const getter: TextMapGetter<Map<string, string[]>> = {
      get: (carrier, key) => carrier.get(key),
      keys: (carrier) => [...carrier.keys()],
    };
    jwt.propagator.extract(ROOT_CONTEXT, metadata, getter);
    expect(held(OPAQUE)).toBe(true);
    expect(held(API_KEY)).toBe(true);
    expect(seenTokens.tokens.unvouched).toBe(2);
    void jwt.shutdown();
  });

  test('credential keys of the redaction option count too', () => {
    const jwt = telemetry({ redaction: { credentialKeys: ['x-tenant-secret'] } });
    extract(jwt.propagator, { 'x-tenant-secret': API_KEY });
    expect(held(API_KEY)).toBe(true);
    void jwt.shutdown();
  });

  test('a getter whose keys throw or are not a list leaves the request as it was', () => {
    const jwt = telemetry();
    const token = mint({ sub: 'odd-getter' });
    for (const keys of [
      () => {
        throw new Error('no keys');
      },
      () => 'not-a-list' as never,
    ]) {
      const getter: TextMapGetter<Record<string, string>> = { get: (c, k) => c[k], keys };
      const context = jwt.propagator.extract(ROOT_CONTEXT, { authorization: `Bearer ${token}` }, getter);
      expect(getAuth(context)?.result.status).toBe('valid');
    }
    void jwt.shutdown();
  });
});
