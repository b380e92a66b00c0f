// A test identity provider: one ES256 key pair, tokens minted with jose.
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export const ISSUER = 'https://idp.integration.test';
export const AUDIENCE = 'orders';
const KEY_ID = 'integration-es256';

/** Claims a scenario may set; registered claims default to a fresh, valid token for AUDIENCE. */
export interface MintClaims extends JWTPayload {
  readonly act?: { readonly sub: string; readonly act?: MintClaims['act'] };
  readonly roles?: readonly string[];
  readonly scope?: string;
  readonly client_id?: string;
  readonly tenant?: string;
}

export interface TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly publicJwk: JWK;
  mint(claims: MintClaims): Promise<string>;
}

export async function createTokenIssuer(): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256' };
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    publicJwk,
    mint(claims) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, ...claims };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: KEY_ID, typ: 'at+jwt' })
        .sign(privateKey);
    },
  };
}
