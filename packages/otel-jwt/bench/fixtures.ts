// Keys and tokens for bench/verify.bench.ts, with their signature floors (signature-floors.ts). Everything
// is generated at run time.

import * as nodeCrypto from 'node:crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTVerifyOptions, SignJWT } from 'jose';
import type { JwtVerifierConfig, TrustedIssuerConfig } from '../src/index.ts';
import { type FloorVariant, floorVariants } from './signature-floors.ts';

export const ALGORITHMS = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type BenchAlg = (typeof ALGORITHMS)[number];

export const ISSUER = 'https://idp.example.com/realms/shop';
export const AUDIENCE = 'https://api.example.com/orders';
const KID = 'sig-2026-01';

export interface Fixture {
  readonly alg: BenchAlg;
  readonly token: string;
  /** Verifier configuration without the cache setting. */
  readonly config: JwtVerifierConfig;
  /** Key for jose, imported once (a CryptoKey). */
  readonly joseKey: CryptoKey;
  readonly joseOptions: JWTVerifyOptions;
  /** Correct ways to check the signature on pre-decoded buffers; the cheapest is the floor. */
  readonly floors: readonly FloorVariant[];
  /** The key as fast-jwt takes it: the secret's bytes, or the public key in PEM. */
  readonly fastJwtKey: Buffer | string;
}

/** RFC 9068-shaped access token claims. */
function accessTokenClaims(): Record<string, unknown> {
  return {
    client_id: 'orders-web',
    scope: 'openid profile orders:read orders:write',
    roles: ['customer', 'beta-tester'],
  };
}

export async function makeFixture(alg: BenchAlg): Promise<Fixture> {
  let signingKey: CryptoKey | Uint8Array;
  let joseKey: CryptoKey;
  let verifyKey: nodeCrypto.KeyObject;
  let staticKey: TrustedIssuerConfig['keys'];
  let fastJwtKey: Buffer | string;
  if (alg === 'HS256') {
    const secret = randomBytes(32);
    signingKey = secret;
    fastJwtKey = secret;
    joseKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    verifyKey = nodeCrypto.createSecretKey(secret);
    staticKey = { type: 'static', keys: [{ type: 'secret', secret, alg, kid: KID }] };
  } else {
    const pair = await generateKeyPair(alg, { extractable: true });
    signingKey = pair.privateKey;
    joseKey = pair.publicKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg, use: 'sig' };
    verifyKey = nodeCrypto.createPublicKey({ key: jwk as nodeCrypto.JsonWebKey, format: 'jwk' });
    fastJwtKey = verifyKey.export({ type: 'spki', format: 'pem' }) as string;
    staticKey = { type: 'static', keys: [{ type: 'jwk', jwk }] };
  }

  const token = await new SignJWT(accessTokenClaims())
    .setProtectedHeader({ alg, kid: KID, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setSubject('5f1c2a9e-8d4b-4c07-9a51-3e2b7d6f0a18')
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .setJti(randomUUID())
    .sign(signingKey);

  const lastDot = token.lastIndexOf('.');
  const input = Buffer.from(token.slice(0, lastDot), 'latin1');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');

  return {
    alg,
    token,
    config: {
      issuers: [
        { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg], requiredClaims: ['exp'], keys: staticKey },
      ],
    },
    joseKey,
    joseOptions: {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [alg],
      requiredClaims: ['exp'],
      clockTolerance: 30,
    },
    floors: floorVariants(alg, verifyKey, input, signature),
    fastJwtKey,
  };
}

/** The token in a new string, as each request has one: cut out of a fresh `Authorization` header value. */
export function freshCopy(token: string): string {
  return `Bearer ${token}`.slice(7);
}
