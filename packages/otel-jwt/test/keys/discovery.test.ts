import { expect, test } from 'vitest';
import type { JwtVerifierConfig } from '../../src/index.js';
import { DISCOVERY_PATH, type JwksServer } from '../support/jwks-server.js';
import {
  AUDIENCE,
  captureDiag,
  makeKey,
  outcome,
  signToken,
  useResources,
} from '../support/remote-fixtures.js';

const resources = useResources();

/** The server is the issuer: discovery reads `{server.url}/.well-known/openid-configuration`. */
function config(server: JwksServer): JwtVerifierConfig {
  return {
    issuers: [{ issuer: server.url, audience: AUDIENCE, keys: { type: 'discovery' } }],
    keyRefresh: { fetchTimeoutMilliseconds: 1000, maxResponseBytes: 4096 },
  };
}

async function setUp() {
  const key = await makeKey('k1');
  const server = await resources.server([key.jwk]);
  const token = await signToken(key, server.url);
  return { key, server, token };
}

test('discovery finds jwks_uri in the discovery document and verifies with the keys it names', async () => {
  const { server, token } = await setUp();
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  expect(verifier.verify(token).status).toBe('valid');
  expect(verifier.keyStatus()).toMatchObject([{ source: 'discovery', state: 'fresh', keyCount: 1 }]);
  expect(server.count(DISCOVERY_PATH)).toBe(1);
  expect(server.count()).toBe(1);
});

test('later refreshes reuse the discovered jwks_uri without reading the document again', async () => {
  const { server, token } = await setUp();
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  await verifier.refreshKeys();
  await verifier.refreshKeys();
  expect(server.count(DISCOVERY_PATH)).toBe(1);
  expect(server.count()).toBe(3);
  expect(verifier.verify(token).status).toBe('valid');
});

test('a discovery document naming another issuer is refused with discovery_issuer_mismatch', async () => {
  const diag = captureDiag();
  const { server, token } = await setUp();
  server.discovery = { issuer: 'https://other-idp.test', jwks_uri: server.jwksUri };
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  expect(verifier.keyStatus()).toMatchObject([
    { state: 'failed', lastErrorCode: 'discovery_issuer_mismatch' },
  ]);
  expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
  expect(server.count(), 'the keys of a mismatched document are never fetched').toBe(0);
  expect(diag.messages.some((m) => m.includes('discovery_issuer_mismatch'))).toBe(true);
});

test.each([
  { name: 'plain http to a non-loopback host', jwksUri: 'http://idp.example.com/jwks' },
  { name: 'credentials in the URL', jwksUri: 'https://user:pass@idp.example.com/jwks' },
  { name: 'a relative URL', jwksUri: '/jwks' },
  { name: 'a non-string value', jwksUri: 42 },
  { name: 'a missing member', jwksUri: undefined },
])('a discovery document whose jwks_uri is $name is invalid_discovery', async ({ jwksUri }) => {
  const { server, token } = await setUp();
  server.discovery = { issuer: server.url, jwks_uri: jwksUri };
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', lastErrorCode: 'invalid_discovery' }]);
  expect(outcome(verifier.verify(token))).toBe('unverified:keys_unavailable');
});

test.each([
  { name: 'not JSON gives invalid_json', raw: 'issuer=nope', code: 'invalid_json' },
  { name: 'JSON null gives invalid_discovery', raw: 'null', code: 'invalid_discovery' },
  { name: 'a JSON array gives invalid_discovery', raw: '[]', code: 'invalid_discovery' },
  {
    name: 'an object without issuer gives invalid_discovery',
    raw: '{"jwks_uri":"https://x.test/k"}',
    code: 'invalid_discovery',
  },
  {
    name: 'larger than maxResponseBytes gives response_too_large',
    raw: 'x'.repeat(8192),
    code: 'response_too_large',
  },
])('a discovery document that is $name', async ({ raw, code }) => {
  const { server } = await setUp();
  server.discoveryRaw = raw;
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  expect(verifier.keyStatus()).toMatchObject([{ state: 'failed', lastErrorCode: code }]);
  expect(server.count()).toBe(0);
});

test('a failed discovery is retried from the document, and a corrected document is followed', async () => {
  const { server, token } = await setUp();
  server.discovery = { issuer: 'https://other-idp.test', jwks_uri: server.jwksUri };
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  server.discovery = undefined;
  await verifier.refreshKeys();
  expect(server.count(DISCOVERY_PATH)).toBe(2);
  expect(verifier.keyStatus()).toMatchObject([{ state: 'fresh', lastErrorCode: undefined }]);
  expect(verifier.verify(token).status).toBe('valid');
});

test('a jwks_uri that stops answering after discovery keeps the last good keys serving', async () => {
  const { server, token } = await setUp();
  const verifier = resources.verifier(config(server));
  await verifier.ready();
  server.mode = 'http-500';
  await verifier.refreshKeys();
  expect(verifier.keyStatus()).toMatchObject([{ state: 'stale', lastErrorCode: 'http_error' }]);
  expect(verifier.verify(token).status).toBe('valid');
});
