// The credentials of the leak-classes test, fresh for each run. They share no material the leak scanner
// could confuse, so a report for one never stems from another: opaque ones are random; each JWT not
// signed by the test issuer has an algorithm of its own (HS, RS, PS: headers that part from the
// issuer's `{"alg":"ES256",...` within 12 characters) and one random claim of its own name, so that
// no two share 16 characters around the dot either.
import { generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import {
  ENCODED_FORMS,
  type EncodedForm,
  type LeakCredentials,
  SENDING_WAYS,
  type SendingWay,
} from './leak-protocol.ts';
import type { TokenIssuer } from './tokens.ts';

type SelfAlg = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'PS256';
type SelfClaim = 'nonce' | 'sid' | 'txn' | 'cid' | 'rid' | 'wid';

/** A random opaque token of 43 base64url characters. */
const opaque = () => randomBytes(32).toString('base64url');

/** An opaque token with `+`, `/` and `=`, which RFC 6750 allows and which encodings change. */
const opaqueWithSymbols = () => {
  const part = () => randomBytes(15).toString('base64url');
  return `${part()}+${part()}/${part()}=`;
};

async function selfSigner(): Promise<(alg: SelfAlg, claim: SelfClaim) => Promise<string>> {
  // A KeyObject, not a CryptoKey: one RSA key signs RS256, RS384 and PS256 alike.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return (alg, claim) => {
    const key = alg.startsWith('HS') ? randomBytes(64) : privateKey;
    return new SignJWT({ [claim]: randomBytes(18).toString('base64url') })
      .setProtectedHeader({ alg })
      .sign(key);
  };
}

function each<K extends string>(keys: readonly K[], make: () => string): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, make()])) as Record<K, string>;
}

export async function mintLeakCredentials(issuer: TokenIssuer): Promise<LeakCredentials> {
  const sign = await selfSigner();
  return {
    handed: {
      opaque: opaque(),
      refresh: opaque(),
      otherKeyJwt: await sign('RS256', 'nonce'),
      firstOfTwo: opaque(),
      secondOfTwo: opaque(),
    },
    sent: each<SendingWay>(SENDING_WAYS, opaque),
    encoded: {
      inboundJwt: await issuer.mint({ sub: 'carol', jti: randomUUID() }),
      forms: each<EncodedForm>(ENCODED_FORMS, opaqueWithSymbols),
    },
    context: { traceStateJwt: await sign('HS256', 'sid'), baggageJwt: await sign('HS384', 'txn') },
    late: { spanBytes: opaque(), logObject: opaque(), logBytes: opaque() },
    metrics: { opaque: opaque(), jwt: await sign('PS256', 'cid') },
    origin: {
      resourceJwt: await sign('HS512', 'rid'),
      apiToken: opaque(),
      scopeJwt: await sign('RS384', 'wid'),
    },
  };
}
