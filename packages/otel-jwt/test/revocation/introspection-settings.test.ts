import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { IntrospectionConfig } from '../../src/revocation/introspection-config.js';
import { introspectionSettings } from '../../src/revocation/introspection-settings.js';

const PATH = 'issuers[1].introspection';
const SECRET = randomBytes(24).toString('base64url');
const ENDPOINT = 'https://idp.example/oauth2/introspect';
const config = (over: Record<string, unknown> = {}): IntrospectionConfig =>
  ({ endpoint: ENDPOINT, client: { id: 'orders', secret: SECRET }, ...over }) as IntrospectionConfig;

function refusal(value: unknown): ConfigurationError {
  try {
    introspectionSettings(value as IntrospectionConfig, PATH);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('no ConfigurationError');
}

describe('introspectionSettings', () => {
  test('applies the documented defaults, in milliseconds', () => {
    expect(introspectionSettings(config(), PATH)).toEqual({
      endpoint: ENDPOINT,
      clientId: 'orders',
      clientSecret: SECRET,
      method: 'client_secret_basic',
      maxCacheMs: 60_000,
      timeoutMs: 2000,
      maxResponseBytes: 65_536,
      maxCachedTokens: 10_000,
    });
  });

  test('takes every option within its bounds', () => {
    const settings = introspectionSettings(
      config({
        endpoint: 'http://localhost:9000/introspect',
        client: { id: 'orders', secret: SECRET, method: 'client_secret_post' },
        maxCacheSeconds: 3600,
        timeoutMilliseconds: 1,
        maxResponseBytes: 1_048_576,
        maxCachedTokens: 1,
      }),
      PATH,
    );
    expect(settings).toMatchObject({ method: 'client_secret_post', maxCacheMs: 3_600_000, timeoutMs: 1 });
  });

  test.each([
    [{ endpoint: 'http://idp.example/introspect' }, `${PATH}.endpoint`, /https/],
    [{ endpoint: 'https://orders:pw@idp.example/introspect' }, `${PATH}.endpoint`, /credentials/],
    [{ client: undefined }, `${PATH}.client`, /must be an object/],
    [{ client: { id: '', secret: SECRET } }, `${PATH}.client.id`, /non-empty/],
    [{ client: { id: 'orders', secret: '' } }, `${PATH}.client.secret`, /non-empty/],
    [{ client: { id: 'orders', secret: 7 } }, `${PATH}.client.secret`, /non-empty string/],
    [
      { client: { id: 'orders', secret: SECRET, method: 'private_key_jwt' } },
      `${PATH}.client.method`,
      /client_secret_post/,
    ],
    [
      { client: { id: 'orders', secret: SECRET, secret2: SECRET } },
      `${PATH}.client`,
      /unknown option "secret2"/,
    ],
    [{ maxCacheSeconds: 0 }, `${PATH}.maxCacheSeconds`, /from 1 to 3600/],
    [{ maxCacheSeconds: 60_000 }, `${PATH}.maxCacheSeconds`, /from 1 to 3600/],
    [{ timeoutMilliseconds: 60_001 }, `${PATH}.timeoutMilliseconds`, /from 1 to 60000/],
    [{ maxResponseBytes: 1023 }, `${PATH}.maxResponseBytes`, /from 1024 to 1048576/],
    [{ maxCachedTokens: 2.5 }, `${PATH}.maxCachedTokens`, /integer/],
    [{ cacheSeconds: 60 }, PATH, /unknown option "cacheSeconds"/],
  ])('refuses %j naming the option and the fix, never echoing the secret', (over, path, fix) => {
    const error = refusal(config(over));
    expect(error.message).toContain(path);
    expect(error.message).toMatch(fix);
    expect(error.message).not.toContain(SECRET);
  });
});
