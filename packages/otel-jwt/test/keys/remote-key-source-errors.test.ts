import { webcrypto } from 'node:crypto';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { exportJWK, generateSecret, type JWK } from 'jose';
import { expect, test } from 'vitest';
import type { KeySourceErrorCode } from '../../src/index.js';
import type { JwksMode, JwksServer } from '../support/jwks-server.js';
import {
  AUDIENCE,
  captureDiag,
  makeKey,
  outcome,
  signToken,
  useResources,
} from '../support/remote-fixtures.js';

const ISSUER = 'https://idp.test';
const resources = useResources();

/** Key sets whose only key the verifier must refuse, made at run time. */
async function octKey(): Promise<JWK> {
  const secret = await generateSecret('HS256', { extractable: true });
  return { ...(await exportJWK(secret)), kid: 'shared', alg: 'HS256' };
}
async function rsa1024Key(): Promise<JWK> {
  // jose refuses to generate RSA keys under 2048 bits, so WebCrypto makes it; jose exports it.
  const pair = await webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  return { ...(await exportJWK(pair.publicKey)), kid: 'weak', alg: 'RS256' };
}

interface Failure {
  readonly name: string;
  readonly code: KeySourceErrorCode;
  /** The IdP answered and vouches for no key: the old keys are revoked at once, not kept as stale. */
  readonly revokes?: true;
  /** Makes the server fail; `good` is the JWK of the key that signs the token. */
  readonly breakIt: (server: JwksServer, good: JWK) => Promise<void> | void;
}

const mode =
  (m: JwksMode) =>
  (server: JwksServer): void => {
    server.mode = m;
  };

const failures: Failure[] = [
  { name: 'a non-JSON body is invalid_json', code: 'invalid_json', breakIt: mode('garbage') },
  { name: 'JSON that is not a JWK set is invalid_jwks', code: 'invalid_jwks', breakIt: mode('wrong-shape') },
  { name: 'HTTP 500 is http_error', code: 'http_error', breakIt: mode('http-500') },
  { name: 'HTTP 204 without a body is http_error', code: 'http_error', breakIt: mode('no-content') },
  { name: 'a redirect is not followed and is http_error', code: 'http_error', breakIt: mode('redirect') },
  { name: 'a destroyed connection is fetch_failed', code: 'fetch_failed', breakIt: mode('reset') },
  {
    name: 'a body over maxResponseBytes declared by Content-Length is response_too_large',
    code: 'response_too_large',
    breakIt: mode('oversized-declared'),
  },
  {
    name: 'a chunked body streaming past maxResponseBytes is response_too_large',
    code: 'response_too_large',
    breakIt: mode('oversized-chunked'),
  },
  {
    name: 'a set with only a shared-secret (oct) key is no_usable_keys and revokes the old keys',
    code: 'no_usable_keys',
    revokes: true,
    breakIt: async (server) => {
      server.keys = [await octKey()];
    },
  },
  {
    name: 'a set with only a 1024-bit RSA key is no_usable_keys and revokes the old keys',
    code: 'no_usable_keys',
    revokes: true,
    breakIt: async (server) => {
      server.keys = [await rsa1024Key()];
    },
  },
  {
    name: 'an empty key set is no_usable_keys and revokes the old keys',
    code: 'no_usable_keys',
    revokes: true,
    breakIt: (server) => {
      server.keys = [];
    },
  },
];

/** Every key value and token segment the diagnostics must not contain. */
function secretsOf(keys: readonly JWK[], token: string): string[] {
  const values = keys.flatMap((k) => [k.n, k.x, k.y, k.k, k.d].filter((v): v is string => v !== undefined));
  return [token, ...token.split('.'), ...values];
}

test.each(failures)('never crashes or rejects: $name', async ({ code, breakIt, revokes }) => {
  const diag = captureDiag();
  const key = await makeKey('k1');
  const server = await resources.server([key.jwk]);
  server.oversizeBytes = 64 * 1024;
  const token = await signToken(key, ISSUER);
  await breakIt(server, key.jwk);
  const served = [...server.keys];
  const verifier = resources.verifier({
    issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } }],
    keyRefresh: { fetchTimeoutMilliseconds: 1000, maxResponseBytes: 4096, cooldownSeconds: 0 },
  });

  // First load fails: nothing to verify with, the reason is reported.
  await expect(verifier.ready()).resolves.toBeUndefined();
  expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
  expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', keyCount: 0, lastErrorCode: code }]);

  // Good keys arrive, then the endpoint breaks again: the last good keys keep serving through an
  // outage, but not past an answer that names no usable key (the IdP withdrew them, as jose sees it).
  server.mode = 'normal';
  server.keys = [key.jwk];
  await verifier.refreshKeys();
  expect(verifier.keyStatus()[0]?.state).toBe('fresh');
  await breakIt(server, key.jwk);
  served.push(...server.keys);
  await expect(verifier.refreshKeys()).resolves.toBeUndefined();
  if (revokes) {
    expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
    expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', keyCount: 0, lastErrorCode: code }]);
  } else {
    expect(verifier.verify(token).status).toBe('valid');
    expect(verifier.keyStatus()).toMatchObject([{ state: 'stale', keyCount: 1, lastErrorCode: code }]);
  }

  const warnings = diag.messages.filter((m) => m.includes(code));
  expect(warnings.length, 'a diagnostic names the code of each failure').toBeGreaterThanOrEqual(2);
  const leaked = secretsOf([key.jwk, ...served], token).filter((s) =>
    diag.messages.some((m) => m.includes(s)),
  );
  expect(leaked.length, 'diagnostics carry no key values and no token').toBe(0);
  if (code === 'http_error') expect(server.count('/elsewhere')).toBe(0);
});

test('a diag logger that throws never turns a failing refresh into a rejection', async () => {
  // Throws on this package's messages only: the API logs through the logger while installing it.
  const throwing = (message: string) => {
    if (message.includes('otel-jwt')) throw new Error('logger down');
  };
  diag.setLogger(
    { error: throwing, warn: throwing, info: throwing, debug: throwing, verbose: throwing },
    DiagLogLevel.ALL,
  );
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const server = await resources.server([]);
    server.mode = 'http-500';
    const verifier = resources.verifier({
      issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } }],
    });
    await expect(verifier.ready()).resolves.toBeUndefined();
    await expect(verifier.refreshKeys()).resolves.toBeUndefined();
    expect(verifier.keyStatus()[0]?.lastErrorCode).toBe('http_error');
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    diag.disable();
  }
});

test('a key set mixing one usable key with unusable ones loads the usable key and names the others', async () => {
  const diag = captureDiag();
  const key = await makeKey('k1');
  const [oct, weak] = await Promise.all([octKey(), rsa1024Key()]);
  const malformed = { kty: 'EC', crv: {}, x: 'a', y: 'b' } as unknown as JWK;
  const server = await resources.server([oct, weak, malformed, key.jwk]);
  const token = await signToken(key, ISSUER);
  const verifier = resources.verifier({
    issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: server.jwksUri } }],
  });
  await verifier.ready();
  expect(verifier.verify(token).status).toBe('valid');
  expect(verifier.keyStatus()).toMatchObject([{ state: 'fresh', keyCount: 1, lastErrorCode: undefined }]);
  expect(diag.messages.filter((m) => m.includes('skipped key')).length).toBe(3);
  const leaked = secretsOf([oct, weak, key.jwk], token).filter((s) =>
    diag.messages.some((m) => m.includes(s)),
  );
  expect(leaked.length, 'diagnostics carry no key values and no token').toBe(0);
});
