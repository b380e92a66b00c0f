import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import type { SelfIssuedConfig } from '../../src/verifier/verifier-config.js';
import { expectConfigurationError, keep } from '../support/config-errors.js';
import { monolith } from '../support/self-issued-tokens.js';

// The options of a self-issued issuer (kind: 'self-issued'): a name, shared secrets only, no iss.

const one = (over: Partial<SelfIssuedConfig> | Record<string, unknown>) => ({
  issuers: [{ ...monolith(), ...over }],
});
const I = 'issuers[0]';
const SHORT = randomBytes(16).toString('hex').slice(0, 20);
keep(SHORT);

describe('a valid self-issued issuer', () => {
  test('builds with a name and one HS256 secret, and reports its keys under the name', () => {
    const verifier = createJwtVerifier(one({}));
    expect(verifier.keyStatus()).toEqual([
      {
        issuer: 'monolith',
        source: 'static',
        state: 'static',
        keyCount: 1,
        lastRefreshAtMilliseconds: undefined,
        lastErrorCode: undefined,
      },
    ]);
    verifier.close();
  });

  test('takes HS384 and HS512 secrets with kids beside an HS256 one', () => {
    const secrets = [
      { secret: randomBytes(32), alg: 'HS256', kid: 'a' },
      { secret: randomBytes(48), alg: 'HS384', kid: 'b' },
      { secret: randomBytes(64), alg: 'HS512', kid: 'c' },
    ] as const;
    const verifier = createJwtVerifier(one({ secrets }));
    expect(verifier.keyStatus()[0]?.keyCount).toBe(3);
    verifier.close();
  });
});

describe('configuration mistakes', () => {
  test.each([
    ['an empty name', { name: '' }, `${I}.name`, /non-empty name/],
    ['a name with surrounding whitespace', { name: ' monolith' }, `${I}.name`, /surrounding whitespace/],
    ['a name that is not a string', { name: 7 }, `${I}.name`, /non-empty name/],
    ['no secrets', { secrets: undefined }, `${I}.secrets`, /at least one shared secret/],
    ['an empty secrets list', { secrets: [] }, `${I}.secrets`, /at least one shared secret/],
    [
      'an RS256 secret entry (only HMAC)',
      { secrets: [{ secret: randomBytes(32), alg: 'RS256' }] },
      `${I}.secrets[0].alg`,
      /HS256, HS384 or HS512: a self-issued issuer takes shared secrets only/,
    ],
    [
      'an ES256 secret entry after a good one',
      {
        secrets: [
          { secret: randomBytes(32), alg: 'HS256' },
          { secret: randomBytes(32), alg: 'ES256' },
        ],
      },
      `${I}.secrets[1].alg`,
      /shared secrets only/,
    ],
    [
      'a PEM key given as a secret entry',
      { secrets: [{ type: 'pem', pem: 'x', alg: 'RS256' }] },
      `${I}.secrets[0]`,
      /unknown option "type"/,
    ],
    [
      'an HS256 secret shorter than the hash',
      { secrets: [{ secret: SHORT, alg: 'HS256' }] },
      `${I}.secrets[0]`,
      /at least 32 bytes/,
    ],
    [
      'an HS512 secret of HS256 length',
      { secrets: [{ secret: randomBytes(32), alg: 'HS512' }] },
      `${I}.secrets[0]`,
      /at least 64 bytes/,
    ],
    [
      'a secret that is neither string nor bytes',
      { secrets: [{ secret: 42, alg: 'HS256' }] },
      `${I}.secrets[0].secret`,
      /string or Uint8Array/,
    ],
    [
      'a kid that is not a string',
      { secrets: [{ secret: randomBytes(32), alg: 'HS256', kid: 1 }] },
      `${I}.secrets[0].kid`,
      /must be a string/,
    ],
    ['an iss to match (self-issued tokens have none)', { issuer: 'monolith' }, I, /unknown option "issuer"/],
    ['a key source (secrets instead)', { keys: { type: 'static', keys: [] } }, I, /unknown option "keys"/],
    [
      'an algorithms list (the secrets bind them)',
      { algorithms: ['HS256'] },
      I,
      /unknown option "algorithms"/,
    ],
    ['an empty audience', { audience: '' }, `${I}.audience`, /non-empty string/],
    ['an empty audience list', { audience: [] }, `${I}.audience`, /non-empty array/],
    ['a negative clock tolerance', { clockToleranceSeconds: -1 }, `${I}.clockToleranceSeconds`, /0 to 3600/],
    ['an unknown missingType', { missingType: 'ignore' }, `${I}.missingType`, /"accept" or "reject"/],
  ])('rejects %s at construction', (_, over, path, fix) => {
    expectConfigurationError(one(over), path, fix);
  });

  test('rejects an unknown kind, naming both kinds', () => {
    expectConfigurationError(
      one({ kind: 'monolith' }),
      `${I}.kind`,
      /"issuer" \(the default\) or "self-issued"/,
    );
  });
});
