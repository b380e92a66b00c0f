import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { DenyListConfig } from '../../src/revocation/deny-list-config.js';
import { denyListSettings } from '../../src/revocation/deny-list-settings.js';

const URL = 'https://revocations.example/deny-list.json';

function refusal(config: unknown): ConfigurationError {
  try {
    denyListSettings(config as DenyListConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('no ConfigurationError');
}

describe('denyListSettings', () => {
  test('applies the documented defaults, in milliseconds', () => {
    expect(denyListSettings({ url: URL })).toEqual({
      url: URL,
      refreshMs: 30_000,
      whenUnavailable: 'refuse',
      staleIfErrorMs: 600_000,
      fetchTimeoutMs: 5000,
      maxResponseBytes: 4_194_304,
      maxEntries: 100_000,
    });
  });

  test('takes every option within its bounds, seconds converted to milliseconds', () => {
    const settings = denyListSettings({
      url: 'http://127.0.0.1:8080/deny',
      refreshSeconds: 1.5,
      whenUnavailable: 'accept',
      staleIfErrorSeconds: 0,
      fetchTimeoutMilliseconds: 300_000,
      maxResponseBytes: 1024,
      maxEntries: 1,
    });
    expect(settings).toMatchObject({
      refreshMs: 1500,
      whenUnavailable: 'accept',
      staleIfErrorMs: 0,
      maxEntries: 1,
    });
  });

  test.each([
    [{ url: 'http://revocations.example/deny.json' }, 'denyList.url', /https/],
    [{ url: 'https://user:pw@revocations.example/' }, 'denyList.url', /credentials/],
    [{ url: 'not a url' }, 'denyList.url', /absolute URL/],
    [{ url: 42 }, 'denyList.url', /URL string/],
    [{ url: URL, refreshSeconds: 0 }, 'denyList.refreshSeconds', /from 1 to 86400/],
    [{ url: URL, refreshSeconds: 30_000 * 1000 }, 'denyList.refreshSeconds', /from 1 to 86400/],
    [{ url: URL, staleIfErrorSeconds: -1 }, 'denyList.staleIfErrorSeconds', /from 0 to 86400/],
    [{ url: URL, fetchTimeoutMilliseconds: 0.5 }, 'denyList.fetchTimeoutMilliseconds', /integer/],
    [{ url: URL, maxResponseBytes: 100 }, 'denyList.maxResponseBytes', /from 1024/],
    [{ url: URL, maxEntries: 0 }, 'denyList.maxEntries', /from 1 to 1000000/],
    [{ url: URL, whenUnavailable: 'allow' }, 'denyList.whenUnavailable', /"refuse" or "accept"/],
    [{ url: URL, refresh: 30 }, 'denyList', /unknown option "refresh"/],
    ['https://revocations.example', 'denyList', /must be an object/],
  ])('refuses %j naming the option and the fix', (config, path, fix) => {
    const error = refusal(config);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(fix);
  });

  test('names the option under the path it is given', () => {
    expect(() => denyListSettings({ url: URL, maxEntries: -1 }, 'verifier.denyList')).toThrow(
      /verifier\.denyList\.maxEntries/,
    );
  });
});
