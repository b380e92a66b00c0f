import { describe, expect, test } from 'vitest';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import type { TrustedIssuerConfig } from '../../src/verifier/verifier-config.js';
import { expectConfigurationError, issuer } from '../support/config-errors.js';

// The shape and ranges of a verifier configuration: issuers, audiences and numeric options. Key material
// and key sources are in verifier-config-keys.test.ts.

describe('valid configuration', () => {
  test('constructs a verifier from a minimal static configuration', () => {
    const verifier = createJwtVerifier({ issuers: [issuer()] });
    expect(verifier.keyStatus()).toMatchObject([{ issuer: 'https://idp.example', state: 'static' }]);
    verifier.close();
  });
});

const one = (over: Partial<TrustedIssuerConfig>) => ({ issuers: [issuer(over)] });
const top = (over: Record<string, unknown>) => ({ issuers: [issuer()], ...over });
const I = 'issuers[0]';

describe('issuers', () => {
  test.each([
    ['a configuration that is not an object', null, 'configuration', /must be an object/],
    ['no issuers list', {}, 'issuers', /at least one trusted issuer/],
    ['an empty issuers list', { issuers: [] }, 'issuers', /at least one trusted issuer/],
    ['an issuer entry that is not an object', { issuers: ['https://idp.example'] }, I, /object/],
    ['an empty issuer name', one({ issuer: '' }), `${I}.issuer`, /non-empty "iss"/],
    [
      'the same issuer twice',
      { issuers: [issuer(), issuer()] },
      'issuers[1].issuer',
      /list each issuer once/,
    ],
    ['a missing audience', one({ audience: undefined as never }), `${I}.audience`, /non-empty string/],
    ['an empty audience', one({ audience: '' }), `${I}.audience`, /non-empty string/],
    ['an empty audience list', one({ audience: [] }), `${I}.audience`, /non-empty array/],
    [
      'an unknown algorithm name',
      one({ algorithms: ['HS257' as never] }),
      `${I}.algorithms`,
      /use any of HS256/,
    ],
    ['an empty acceptedTypes list', one({ acceptedTypes: [] }), `${I}.acceptedTypes`, /non-empty/],
    [
      'an unknown missingType',
      one({ missingType: 'ignore' as never }),
      `${I}.missingType`,
      /"accept" or "reject"/,
    ],
    [
      'an unknown key source type',
      one({ keys: { type: 'file' } as never }),
      `${I}.keys.type`,
      /"static", "jwks-uri"/,
    ],
    [
      'an empty static key list',
      one({ keys: { type: 'static', keys: [] } }),
      `${I}.keys.keys`,
      /at least one key/,
    ],
  ])('rejects %s at construction', (_, config, path, fix) => {
    expectConfigurationError(config, path, fix);
  });
});

describe('numeric options', () => {
  const R = 'keyRefresh';
  test.each([
    [
      'a negative clock tolerance',
      one({ clockToleranceSeconds: -1 }),
      `${I}.clockToleranceSeconds`,
      /from 0 to 3600/,
    ],
    [
      'a NaN clock tolerance',
      one({ clockToleranceSeconds: Number.NaN }),
      `${I}.clockToleranceSeconds`,
      /a number from 0/,
    ],
    [
      'an infinite maxTokenAge',
      one({ maxTokenAgeSeconds: Number.POSITIVE_INFINITY }),
      `${I}.maxTokenAge`,
      /a number from 0/,
    ],
    [
      'a string maxTokenAge',
      one({ maxTokenAgeSeconds: '5m' as never }),
      `${I}.maxTokenAgeSeconds`,
      /a number from 0/,
    ],
    ['a non-integer cacheMaxEntries', top({ cacheMaxEntries: 1.5 }), 'cacheMaxEntries', /an integer from 0/],
    ['a negative cacheMaxEntries', top({ cacheMaxEntries: -1 }), 'cacheMaxEntries', /an integer from 0/],
    ['a NaN maxTokenBytes', top({ maxTokenBytes: Number.NaN }), 'maxTokenBytes', /an integer from 16/],
    ['a maxJsonDepth of 0', top({ maxJsonDepth: 0 }), 'maxJsonDepth', /an integer from 1 to 64/],
    ['a keyRefresh that is not an object', top({ keyRefresh: 5 }), R, /must be an object/],
    [
      'a zero fetch timeout',
      top({ [R]: { fetchTimeoutMilliseconds: 0 } }),
      `${R}.fetchTimeout`,
      /an integer from 1/,
    ],
    ['a negative cooldown', top({ [R]: { cooldownSeconds: -5 } }), `${R}.cooldownSeconds`, /a number from 0/],
    [
      'a clock tolerance in milliseconds by mistake (over an hour)',
      one({ clockToleranceSeconds: 30_000 }),
      `${I}.clockToleranceSeconds`,
      /from 0 to 3600/,
    ],
    ['a cache larger than a Map can hold', top({ cacheMaxEntries: 1e12 }), 'cacheMaxEntries', /to 10000000/],
    [
      'a refresh interval longer than a Node timer can wait',
      top({ [R]: { maxRefreshSeconds: 30 * 86_400 } }),
      `${R}.maxRefreshSeconds`,
      /to 2147483/,
    ],
    [
      'a fetch timeout beyond five minutes',
      top({ [R]: { fetchTimeoutMilliseconds: 2 ** 31 } }),
      `${R}.fetchTimeoutMilliseconds`,
      /to 300000/,
    ],
    [
      'defaultRefreshSeconds above maxRefreshSeconds',
      top({ [R]: { defaultRefreshSeconds: 7200, maxRefreshSeconds: 3600 } }),
      `${R}.defaultRefreshSeconds`,
      /must lie between/,
    ],
    [
      'a misspelled top-level option',
      top({ cacheSize: 5 } as never),
      'the verifier configuration',
      /unknown option "cacheSize"/,
    ],
    [
      'a misspelled issuer option',
      one({ clockTolerance: 0 } as never),
      `${I}`,
      /unknown option "clockTolerance"; the options are .*clockToleranceSeconds/,
    ],
    ['a misspelled keyRefresh option', top({ [R]: { cooldown: 1 } }), R, /unknown option "cooldown"/],
    [
      'an audience with surrounding whitespace',
      one({ audience: ' orders' }),
      `${I}.audience`,
      /without surrounding whitespace/,
    ],
    [
      'minRefreshSeconds above maxRefreshSeconds',
      top({ [R]: { minRefreshSeconds: 600, maxRefreshSeconds: 60 } }),
      `${R}.minRefreshSeconds`,
      /must not exceed keyRefresh.maxRefreshSeconds/,
    ],
  ])('rejects %s', (_, config, path, fix) => {
    expectConfigurationError(config, path, fix);
  });

  test('accepts cacheMaxEntries 0 (caching off) and a clock tolerance of 0', () => {
    const build = () =>
      createJwtVerifier({ issuers: [issuer({ clockToleranceSeconds: 0 })], cacheMaxEntries: 0 });
    expect(build).not.toThrow();
    const verifier = build();
    expect(verifier.keyStatus()).toMatchObject([{ state: 'static' }]);
    verifier.close();
  });
});
