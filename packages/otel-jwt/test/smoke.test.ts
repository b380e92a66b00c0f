import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { expect, test } from 'vitest';
import { createJwtVerifier } from '../src/index.js';

test('smoke', async () => {
  for (const alg of ['ES256', 'RS256', 'PS256', 'EdDSA', 'HS256'] as const) {
    let keys;
    let privateKey;
    if (alg === 'HS256') {
      const secret = new Uint8Array(32).fill(7);
      keys = [{ type: 'secret' as const, secret, alg, kid: 'k1' }];
      privateKey = secret;
    } else {
      const pair = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(pair.publicKey);
      keys = [{ type: 'jwk' as const, jwk: { ...jwk, kid: 'k1', alg } }];
      privateKey = pair.privateKey;
    }
    const v = createJwtVerifier({ issuers: [{ issuer: 'https://idp', audience: 'api', keys: { type: 'static', keys } }] });
    const token = await new SignJWT({ sub: 'alice', roles: ['a'] })
      .setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' })
      .setIssuer('https://idp')
      .setAudience('api')
      .setExpirationTime('5m')
      .setIssuedAt()
      .sign(privateKey);
    const r = v.verify(token);
    expect(r.status, `${alg} ${JSON.stringify(r)}`).toBe('valid');
    expect(v.verify(token)).toBe(r);
    expect(v.verify(`${token.slice(0, -2)}AA`).status).toBe('invalid');
  }
});
