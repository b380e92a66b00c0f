// The benchmark's identity provider: an ES256 and an RS256 key pair, a JWKS endpoint on loopback, and
// tokens minted with jose at run time.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const ISSUER = 'https://idp.bench.example';
export const AUDIENCE = 'orders';
export type BenchAlg = 'ES256' | 'RS256';
export const ALGS: readonly BenchAlg[] = ['ES256', 'RS256'];

export interface Idp {
  readonly jwksUri: string;
  /** A fresh access token for user number `n`, valid for two hours. */
  mint(alg: BenchAlg, n: number): Promise<string>;
  close(): Promise<void>;
}

export async function startIdp(): Promise<Idp> {
  const signers = new Map<BenchAlg, CryptoKey>();
  const keys: JWK[] = [];
  for (const alg of ALGS) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    signers.set(alg, privateKey);
    keys.push({ ...(await exportJWK(publicKey)), kid: kidOf(alg), alg, use: 'sig' });
  }
  const body = JSON.stringify({ keys });
  const server = createServer((req, res) => {
    const found = req.url === '/jwks';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
    res.end(found ? body : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    mint(alg, n) {
      const signer = signers.get(alg) as CryptoKey;
      const now = Math.floor(Date.now() / 1000);
      // RFC 9068-shaped, with the two claims the otel-jwt configuration maps.
      const claims = {
        sub: `user-${n}`,
        client_id: 'web',
        scope: 'orders:read orders:write',
        roles: ['buyer'],
        tenant: `t${n % 97}`,
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg, kid: kidOf(alg), typ: 'at+jwt' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 7200)
        .setJti(randomUUID())
        .sign(signer);
    },
    close: () => closeServer(server),
  };
}

function kidOf(alg: BenchAlg): string {
  return `bench-${alg.toLowerCase()}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
