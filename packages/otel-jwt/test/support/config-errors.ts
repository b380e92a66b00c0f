import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { expect } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import type { JwtVerifierConfig, TrustedIssuerConfig } from '../../src/verifier/verifier-config.js';

/** Every secret string, PEM body line and JWK member made by a test: no error message may contain one. */
const material: string[] = [];
export const keep = (...values: unknown[]): void => {
  for (const v of values) if (typeof v === 'string' && v.length >= 8) material.push(v);
};
export const keepPem = (pem: string): void =>
  keep(...pem.split('\n').filter((line) => !line.startsWith('-----')));
export const keepJwk = (jwk: JWK): void => keep(jwk.n, jwk.d, jwk.x, jwk.y, jwk.p, jwk.q, jwk.k);

const SECRET = randomBytes(32).toString('base64url');
keep(SECRET);

/** A valid issuer with a static HS256 secret; `over` replaces its members. */
export const issuer = (over: Partial<TrustedIssuerConfig> = {}): TrustedIssuerConfig => ({
  issuer: 'https://idp.example',
  audience: 'api',
  keys: { type: 'static', keys: [{ type: 'secret', secret: SECRET, alg: 'HS256' }] },
  ...over,
});

/**
 * Building a verifier from `config` throws a ConfigurationError that names `path`, matches `fix` and
 * echoes no kept material.
 */
export function expectConfigurationError(config: unknown, path: string, fix: RegExp): void {
  let error: unknown;
  try {
    createJwtVerifier(config as JwtVerifierConfig).close();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { code, name, message } = error as ConfigurationError;
  expect([code, name]).toEqual(['invalid_configuration', 'ConfigurationError']);
  expect(message).toContain(path);
  expect(message).toMatch(fix);
  for (const secret of material) expect(message).not.toContain(secret);
}
