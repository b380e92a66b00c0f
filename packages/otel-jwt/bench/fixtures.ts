// Keys, tokens and bare node:crypto floors for bench/verify.bench.ts. Everything is generated at run time.

import * as nodeCrypto from 'node:crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTVerifyOptions, SignJWT } from 'jose';
import type { JwtVerifierConfig } from '../src/index.ts';

export const ALGORITHMS = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type BenchAlg = (typeof ALGORITHMS)[number];

export const ISSUER = 'https://idp.example.com/realms/shop';
export const AUDIENCE = 'https://api.example.com/orders';
const KID = 'sig-2026-01';

/** One way of doing the bare signature check; `fn` returns whether the signature verified. */
export interface FloorVariant {
  readonly label: string;
  readonly fn: () => boolean;
}

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
}

const PSS = {
  padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
  saltLength: nodeCrypto.constants.RSA_PSS_SALTLEN_DIGEST,
};

/** Raw JWS ECDSA signature (r || s) to DER, node:crypto's default encoding. */
function rawEcdsaToDer(raw: Uint8Array): Buffer {
  const half = raw.length >>> 1;
  const r = derInteger(raw, 0, half);
  const s = derInteger(raw, half, raw.length);
  const body = r.length + s.length;
  const head = body < 0x80 ? [0x30, body] : [0x30, 0x81, body];
  return Buffer.concat([Buffer.from(head), r, s]);
}

function derInteger(raw: Uint8Array, start: number, end: number): Buffer {
  let i = start;
  while (i < end - 1 && raw[i] === 0) i++;
  const pad = (raw[i] as number) >= 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + end - i);
  out[0] = 0x02;
  out[1] = pad + end - i;
  out.set(raw.subarray(i, end), 2 + pad);
  return out;
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
  let staticKey: JwtVerifierConfig['issuers'][number]['keys'];
  if (alg === 'HS256') {
    const secret = randomBytes(32);
    signingKey = secret;
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
  };
}

function floorVariants(
  alg: BenchAlg,
  key: nodeCrypto.KeyObject,
  input: Buffer,
  signature: Buffer,
): FloorVariant[] {
  const { verify } = nodeCrypto;
  switch (alg) {
    case 'HS256':
      return [
        {
          label: 'createHmac(KeyObject) + timingSafeEqual',
          fn: () =>
            nodeCrypto.timingSafeEqual(
              nodeCrypto.createHmac('sha256', key).update(input).digest(),
              signature,
            ),
        },
      ];
    case 'RS256':
      return [{ label: 'verify(KeyObject)', fn: () => verify('sha256', input, key, signature) }];
    case 'PS256': {
      // Node 24's isKeyObject() throws and catches internally for every non-KeyObject argument, so the
      // documented { key, padding } form pays for an exception; a KeyObject carrying the options does not.
      const carrying = nodeCrypto.createPublicKey({ key: key.export({ format: 'jwk' }), format: 'jwk' });
      Object.defineProperties(carrying, {
        padding: { value: PSS.padding },
        saltLength: { value: PSS.saltLength },
      });
      return [
        {
          label: 'verify({ key, padding, saltLength })',
          fn: () => verify('sha256', input, { key, ...PSS }, signature),
        },
        {
          label: 'verify(KeyObject carrying PSS options)',
          fn: () => verify('sha256', input, carrying, signature),
        },
      ];
    }
    case 'ES256': {
      // The DER form is made once, before timing: the floor is the crypto alone (the verifier converts per token).
      const der = rawEcdsaToDer(signature);
      return [
        {
          label: "verify({ key, dsaEncoding: 'ieee-p1363' })",
          fn: () => verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature),
        },
        { label: 'DER signature + verify(KeyObject)', fn: () => verify('sha256', input, key, der) },
      ];
    }
    case 'EdDSA':
      return [{ label: 'verify(null, KeyObject)', fn: () => verify(null, input, key, signature) }];
  }
}

/** The token in a new string, as each request has one: cut out of a fresh `Authorization` header value. */
export function freshCopy(token: string): string {
  return `Bearer ${token}`.slice(7);
}
