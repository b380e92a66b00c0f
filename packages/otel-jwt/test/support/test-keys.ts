import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

/** One signing key of the test issuer: the private half for minting, the public JWK for verifiers. */
export interface TestKey {
  readonly alg: 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  readonly kid: string;
  readonly signingKey: KeyObject;
  readonly publicJwk: JWK;
}

function asymmetric(
  alg: TestKey['alg'],
  kid: string,
  pair: { privateKey: KeyObject; publicKey: KeyObject },
): TestKey {
  return {
    alg,
    kid,
    signingKey: pair.privateKey,
    publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg },
  };
}

/** Fresh keys for every algorithm family, made at run time: nothing key-shaped is committed. */
export function makeTestKeys(): Record<TestKey['alg'], TestKey> {
  const secret = createSecretKey(randomBytes(32));
  return {
    HS256: {
      alg: 'HS256',
      kid: 'hs-1',
      signingKey: secret,
      publicJwk: { ...secret.export({ format: 'jwk' }), kid: 'hs-1', alg: 'HS256' },
    },
    RS256: asymmetric('RS256', 'rsa-1', generateKeyPairSync('rsa', { modulusLength: 2048 })),
    PS256: asymmetric('PS256', 'ps-1', generateKeyPairSync('rsa', { modulusLength: 2048 })),
    ES256: asymmetric('ES256', 'ec-1', generateKeyPairSync('ec', { namedCurve: 'P-256' })),
    EdDSA: asymmetric('EdDSA', 'ed-1', generateKeyPairSync('ed25519')),
  };
}

/** An attacker's key of the same kind, unknown to every verifier. */
export function makeForeignKey(alg: TestKey['alg'], kid: string): TestKey {
  const keys = makeTestKeys();
  const key = keys[alg];
  return { ...key, kid, publicJwk: { ...key.publicJwk, kid } };
}
