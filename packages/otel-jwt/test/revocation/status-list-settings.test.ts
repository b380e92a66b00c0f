import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { StatusListConfig } from '../../src/revocation/status-list-config.js';
import { allowedListUrl, statusListSettings } from '../../src/revocation/status-list-settings.js';

// Validation of StatusListConfig into settings, and the allowedUris check every list URL passes before
// anything is fetched.

const PATH = 'issuers[0].statusList';
const base: StatusListConfig = { mode: 'when-present', allowedUris: ['https://status.example/lists/'] };

function errorOf(config: unknown): ConfigurationError {
  try {
    statusListSettings(config as StatusListConfig, PATH);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('no ConfigurationError');
}

describe('statusListSettings', () => {
  test('applies the documented defaults', () => {
    expect(statusListSettings(base, PATH)).toEqual({
      mode: 'when-present',
      allowed: [{ protocol: 'https:', host: 'status.example', path: '/lists/' }],
      whenUnavailable: 'refuse',
      fetchTimeoutMs: 5000,
      maxResponseBytes: 1_048_576,
      maxListBytes: 16_777_216,
      defaultTtlMs: 300_000,
      minTtlMs: 10_000,
      maxTtlMs: 86_400_000,
      staleIfErrorMs: 600_000,
      maxLists: 64,
    });
  });

  test('takes every option within its range, seconds turned into milliseconds', () => {
    const settings = statusListSettings(
      {
        mode: 'required',
        allowedUris: ['http://127.0.0.1:8080/status', 'https://status.example:8443'],
        whenUnavailable: 'accept',
        fetchTimeoutMilliseconds: 1,
        maxResponseBytes: 1024,
        maxListBytes: 134_217_728,
        defaultTtlSeconds: 1,
        minTtlSeconds: 1,
        maxTtlSeconds: 1,
        staleIfErrorSeconds: 0,
        maxLists: 1,
      },
      PATH,
    );
    expect(settings).toMatchObject({
      mode: 'required',
      whenUnavailable: 'accept',
      allowed: [
        { protocol: 'http:', host: '127.0.0.1:8080', path: '/status/' },
        { protocol: 'https:', host: 'status.example:8443', path: '/' },
      ],
      fetchTimeoutMs: 1,
      defaultTtlMs: 1000,
      staleIfErrorMs: 0,
      maxLists: 1,
    });
  });

  test.each([
    ['a configuration that is not an object', 'on', PATH, /must be an object/],
    ['an unknown option', { ...base, ttlSeconds: 5 }, PATH, /unknown option "ttlSeconds"/],
    ['a missing mode', { allowedUris: base.allowedUris }, `${PATH}.mode`, /"when-present" or "required"/],
    ['an unknown mode', { ...base, mode: 'always' }, `${PATH}.mode`, /"when-present" or "required"/],
    [
      'an unknown whenUnavailable',
      { ...base, whenUnavailable: 'ignore' },
      `${PATH}.whenUnavailable`,
      /"refuse" or "accept"/,
    ],
    ['no allowedUris', { mode: 'required' }, `${PATH}.allowedUris`, /non-empty/],
    ['an empty allowedUris list', { ...base, allowedUris: [] }, `${PATH}.allowedUris`, /non-empty/],
    [
      'a relative allowed URI',
      { ...base, allowedUris: ['/lists/'] },
      `${PATH}.allowedUris[0]`,
      /absolute URL/,
    ],
    [
      'a plain http allowed URI of another host',
      { ...base, allowedUris: ['https://ok.example/', 'http://status.example/lists/'] },
      `${PATH}.allowedUris[1]`,
      /must use https/,
    ],
    [
      'an allowed URI of another scheme',
      { ...base, allowedUris: ['ftp://status.example/'] },
      `${PATH}.allowedUris[0]`,
      /must use https/,
    ],
    [
      'credentials in an allowed URI',
      { ...base, allowedUris: ['https://u:p@status.example/'] },
      `${PATH}.allowedUris[0]`,
      /credentials/,
    ],
    [
      'a query in an allowed URI',
      { ...base, allowedUris: ['https://status.example/l?x=1'] },
      `${PATH}.allowedUris[0]`,
      /query or fragment/,
    ],
    [
      'an empty query in an allowed URI',
      { ...base, allowedUris: ['https://status.example/l?'] },
      `${PATH}.allowedUris[0]`,
      /query or fragment/,
    ],
    [
      'a fragment in an allowed URI',
      { ...base, allowedUris: ['https://status.example/l#x'] },
      `${PATH}.allowedUris[0]`,
      /query or fragment/,
    ],
    [
      'a zero fetch timeout',
      { ...base, fetchTimeoutMilliseconds: 0 },
      `${PATH}.fetchTimeoutMilliseconds`,
      /integer from 1 to 300000/,
    ],
    [
      'a fractional response bound',
      { ...base, maxResponseBytes: 2048.5 },
      `${PATH}.maxResponseBytes`,
      /integer from 1024/,
    ],
    [
      'a response bound below 1 KiB',
      { ...base, maxResponseBytes: 1000 },
      `${PATH}.maxResponseBytes`,
      /integer from 1024/,
    ],
    [
      'a list bound above 128 MiB',
      { ...base, maxListBytes: 2 ** 28 },
      `${PATH}.maxListBytes`,
      /to 134217728/,
    ],
    [
      'a stale window above a day',
      { ...base, staleIfErrorSeconds: 86_401 },
      `${PATH}.staleIfErrorSeconds`,
      /from 0 to 86400/,
    ],
    [
      'a negative stale window',
      { ...base, staleIfErrorSeconds: -1 },
      `${PATH}.staleIfErrorSeconds`,
      /from 0 to 86400/,
    ],
    ['no room for a list', { ...base, maxLists: 0 }, `${PATH}.maxLists`, /integer from 1 to 10000/],
    [
      'a ttl given in milliseconds',
      { ...base, minTtlSeconds: 10_000_000 },
      `${PATH}.minTtlSeconds`,
      /to 2147483/,
    ],
    [
      'a non-numeric ttl',
      { ...base, defaultTtlSeconds: '300' },
      `${PATH}.defaultTtlSeconds`,
      /a number from 1/,
    ],
    [
      'minTtlSeconds above maxTtlSeconds',
      { ...base, minTtlSeconds: 100, maxTtlSeconds: 50, defaultTtlSeconds: 60 },
      `${PATH}.minTtlSeconds`,
      /must not exceed/,
    ],
    [
      'defaultTtlSeconds outside the bounds',
      { ...base, maxTtlSeconds: 200 },
      `${PATH}.defaultTtlSeconds`,
      /must lie between/,
    ],
  ])('refuses %s, naming the option', (_, config, path, fix) => {
    const { message } = errorOf(config);
    expect(message).toContain(path);
    expect(message).toMatch(fix);
  });
});

describe('allowedListUrl', () => {
  const allowed = statusListSettings(
    { ...base, allowedUris: ['https://status.example/lists', 'http://localhost:8080/'] },
    PATH,
  ).allowed;

  test.each([
    ['a list under the prefix', 'https://status.example/lists/1', 'https://status.example/lists/1'],
    ['the prefix itself', 'https://status.example/lists', 'https://status.example/lists'],
    ['a deeper path', 'https://status.example/lists/a/b', 'https://status.example/lists/a/b'],
    ['the default port spelled out', 'https://status.example:443/lists/1', 'https://status.example/lists/1'],
    ['an upper-case scheme and host', 'HTTPS://STATUS.example/lists/1', 'https://status.example/lists/1'],
    ['a query (kept)', 'https://status.example/lists/1?v=2', 'https://status.example/lists/1?v=2'],
    ['a fragment (not fetched)', 'https://status.example/lists/1#top', 'https://status.example/lists/1'],
    ['the loopback prefix', 'http://localhost:8080/any', 'http://localhost:8080/any'],
  ])('admits %s', (_, uri, url) => {
    expect(allowedListUrl(uri, allowed)).toBe(url);
  });

  test.each([
    ['another host', 'https://evil.example/lists/1'],
    ['a host that merely starts like the allowed one', 'https://status.example.evil.example/lists/1'],
    ['another port', 'https://status.example:444/lists/1'],
    ['plain http to the allowed host', 'http://status.example/lists/1'],
    ['a sibling path sharing the prefix characters', 'https://status.example/lists-evil/1'],
    ['a path that leaves the prefix through dot segments', 'https://status.example/lists/../admin'],
    ['encoded dot segments', 'https://status.example/lists/%2e%2e/admin'],
    ['an encoded slash', 'https://status.example/lists/..%2Fadmin'],
    ['an encoded backslash', 'https://status.example/lists/..%5cadmin'],
    ['credentials', 'https://user:pw@status.example/lists/1'],
    ['another loopback port', 'http://localhost:8081/any'],
    ['a relative reference', '/lists/1'],
    ['an empty string', ''],
    ['not a URL', 'status list one'],
  ])('refuses %s', (_, uri) => {
    expect(allowedListUrl(uri, allowed)).toBeUndefined();
  });
});
