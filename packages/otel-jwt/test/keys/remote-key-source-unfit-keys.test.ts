import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import type { JwtVerifierConfig } from '../../src/index.js';
import {
  AUDIENCE,
  captureDiag,
  makeKey,
  outcome,
  signToken,
  useResources,
} from '../support/remote-fixtures.js';
import { forgeExponentOneToken, RSA_PRIVATE_KEY, rsaJwkWithExponent } from '../support/weak-rsa.js';

// RSA keys with a weak public exponent served by an identity provider, and key sets that repeat a kid.

const ISSUER = 'https://idp.test';
const resources = useResources();

const config = (jwksUri: string): JwtVerifierConfig => ({
  issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri } }],
  keyRefresh: { fetchTimeoutMilliseconds: 1000 },
});

const claims = () => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: AUDIENCE, sub: 'mallory', iat: now, exp: now + 600 };
};

/** A token signed by the private half of the shared modulus (e = 65537). */
const signRsa = (kid: string): Promise<string> =>
  new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(RSA_PRIVATE_KEY);

describe('RSA exponents in a remote key set', () => {
  test.each([1n, 2n, 4n])(
    'skips a served RSA key of exponent %s with a diagnostic, keeps the good key, and a token forged for it stays unverified',
    async (e) => {
      const diag = captureDiag();
      const good = await makeKey('good');
      const weak = rsaJwkWithExponent(e, { kid: 'weak', alg: 'RS256', use: 'sig' });
      const server = await resources.server([weak, good.jwk]);
      const verifier = resources.verifier(config(server.jwksUri));
      await verifier.ready();

      expect(verifier.keyStatus()).toMatchObject([{ state: 'fresh', keyCount: 1 }]);
      expect(verifier.verify(await signToken(good, ISSUER)).status).toBe('valid');
      const forged = forgeExponentOneToken({ alg: 'RS256', kid: 'weak', typ: 'JWT' }, claims());
      expect(outcome(verifier.verify(forged))).toBe('unverified:unknown_key');

      const skipped = diag.messages.filter((m) => m.includes('skipped key'));
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatch(
        /skipped key 0 of the key set of issuer https:\/\/idp\.test: .*odd public exponent/,
      );
      expect(diag.messages.some((m) => m.includes(weak.n as string) || m.includes(forged))).toBe(false);
    },
  );

  test('a set whose only key has exponent 1 names no usable key, and the forged token stays unverified', async () => {
    captureDiag();
    const server = await resources.server([rsaJwkWithExponent(1n, { kid: 'weak', alg: 'RS256' })]);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(verifier.keyStatus()).toMatchObject([
      { state: 'failed', keyCount: 0, lastErrorCode: 'no_usable_keys' },
    ]);
    const forged = forgeExponentOneToken({ alg: 'RS256', kid: 'weak' }, claims());
    expect(outcome(verifier.verify(forged))).toBe('unverified:keys_unavailable');
  });

  test('loads an RSA key of exponent 65537 built the same way and verifies the tokens it signs', async () => {
    const server = await resources.server([rsaJwkWithExponent(65537n, { kid: 'rsa', alg: 'RS256' })]);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(verifier.verify(await signRsa('rsa')).status).toBe('valid');
  });
});

describe('remote key sets repeating a kid', () => {
  test('keep both keys of one kid under different algorithms, each serving its own (RFC 7517 §4.5)', async () => {
    const ec = await makeKey('shared');
    const rsa = rsaJwkWithExponent(65537n, { kid: 'shared', alg: 'RS256' });
    const server = await resources.server([rsa, ec.jwk]);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(verifier.keyStatus()[0]?.keyCount).toBe(2);
    expect(verifier.verify(await signRsa('shared')).status).toBe('valid');
    expect(verifier.verify(await signToken(ec, ISSUER)).status).toBe('valid');
  });

  test('with two keys of one kid and one algorithm, the first listed serves and the second one signs nothing valid', async () => {
    // jose refuses every token of such a kid (JWKSMultipleMatchingKeys); the ring keeps the IdP's order.
    // Both keys come from the issuer, so neither way lets a key outside the set in.
    const [first, second] = await Promise.all([makeKey('twin'), makeKey('twin')]);
    const server = await resources.server([first.jwk, second.jwk]);
    const verifier = resources.verifier(config(server.jwksUri));
    await verifier.ready();
    expect(verifier.verify(await signToken(first, ISSUER)).status).toBe('valid');
    expect(verifier.verify(await signToken(second, ISSUER)).status).not.toBe('valid');
  });
});
