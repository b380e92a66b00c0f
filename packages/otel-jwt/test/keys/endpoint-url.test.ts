import { expect, test } from 'vitest';
import { ConfigurationError, createJwtVerifier, type KeySourceConfig } from '../../src/index.js';
import { discoveryUrl, isLoopbackIssuer, keyEndpointProblem } from '../../src/keys/endpoint-url.js';

const build = (issuer: string, keys: KeySourceConfig) =>
  createJwtVerifier({ issuers: [{ issuer, audience: 'api', keys }] });

test.each([
  'http://idp.example.com/jwks',
  'http://10.0.0.1/jwks',
  'http://localhost.evil.test/jwks',
  'ftp://idp.example.com/jwks',
  'https://user:secret@idp.example.com/jwks',
  'not a url',
])('construction with jwksUri %s throws ConfigurationError naming the option', (jwksUri) => {
  let error: unknown;
  try {
    build('https://idp.test', { type: 'jwks-uri', jwksUri }).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toContain('issuers[0].keys.jwksUri');
  if (jwksUri.includes('secret')) expect((error as Error).message).not.toContain('secret');
});

test('discovery for an issuer over plain http to a non-loopback host throws ConfigurationError naming issuer', () => {
  expect(() => build('http://idp.example.com', { type: 'discovery' })).toThrow(ConfigurationError);
  expect(() => build('http://idp.example.com', { type: 'discovery' })).toThrow(/issuers\[0\]\.issuer/);
});

test.each([
  'https://idp.example.com/jwks',
  'http://127.0.0.1:8080/jwks',
  'http://127.1.2.3/jwks',
  'http://localhost:3000/jwks',
  'http://[::1]:3000/jwks',
])('the key endpoint %s is accepted (https, or http to loopback)', (url) => {
  expect(keyEndpointProblem(url)).toBeUndefined();
});

test('discoveryUrl appends the well-known path to the issuer without its trailing slash', () => {
  expect(discoveryUrl('https://idp.test/')).toBe('https://idp.test/.well-known/openid-configuration');
  expect(discoveryUrl('https://idp.test/tenant')).toBe(
    'https://idp.test/tenant/.well-known/openid-configuration',
  );
});

test('a loopback http key URL named by a remote document is refused unless the issuer is on loopback too', () => {
  expect(keyEndpointProblem('http://127.0.0.1:6379/jwks', false)).toMatch(/https/);
  expect(keyEndpointProblem('https://idp.example.com/jwks', false)).toBeUndefined();
  expect(isLoopbackIssuer('https://idp.example.com')).toBe(false);
  expect(isLoopbackIssuer('http://127.0.0.1:4000')).toBe(true);
});

test.each(['https://idp.example.com/?tenant=a', 'https://idp.example.com/#frag'])(
  'discovery for the issuer %s throws ConfigurationError because a query or fragment would corrupt the well-known URL',
  (issuer) => {
    expect(() => build(issuer, { type: 'discovery' })).toThrow(/must not have a query or fragment/);
  },
);
