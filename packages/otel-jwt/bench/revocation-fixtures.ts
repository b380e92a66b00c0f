// Keys, tokens and a loopback revocation server for bench/revocation.bench.ts. Everything is generated at
// run time: one ES256 issuer, its signed status list and a deny-list document, served on 127.0.0.1.

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { JwtVerifierConfig, TrustedIssuerConfig } from '../src/index.ts';

export const ISSUER = 'https://idp.example.com/realms/shop';
export const AUDIENCE = 'https://api.example.com/orders';
const KID = 'sig-2026-01';
const LIST_PATH = '/statuslists/1';
const DENY_LIST_PATH = '/deny-list.json';
/** Entries of the status list (1 bit each): 100,000 tokens' worth, 12.5 KB before compression. */
export const LIST_ENTRIES = 100_000;
/** Other `jti`s on the deny-list document. */
export const DENIED_ENTRIES = 10_000;
/** Every 97th entry is revoked; the benchmark's tokens use the others. */
export const REVOKED_IDX = 97 * 300;
const isRevoked = (idx: number): boolean => idx % 97 === 0;

export interface RevocationFixture {
  /** Mints a token of the issuer; `status` names entry `idx` of the list, if given. */
  mint(options: { readonly idx?: number; readonly jti?: string }): Promise<string>;
  /** No statusList, no denyList: what a cache hit costs without the revocation checks. */
  readonly baseline: JwtVerifierConfig;
  /** The issuer with `statusList` (the served list allowed), and the served deny-list document. */
  readonly checked: JwtVerifierConfig;
  /** One `jti` of the deny-list document. */
  readonly deniedJti: string;
  /** Requests the server answered, by path. */
  readonly served: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** The `lst` of a 1-bit list: base64url of the ZLIB stream of its bytes (draft-ietf-oauth-status-list §4.1). */
function listBits(): string {
  const bytes = Buffer.alloc(LIST_ENTRIES / 8);
  for (let idx = 0; idx < LIST_ENTRIES; idx++)
    if (isRevoked(idx)) bytes[idx >> 3] = (bytes[idx >> 3] as number) | (1 << (idx % 8));
  return deflateSync(bytes).toString('base64url');
}

export async function makeRevocationFixture(): Promise<RevocationFixture> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
  const nowSeconds = Math.floor(Date.now() / 1000);
  const denied = Array.from({ length: DENIED_ENTRIES }, () => ({
    jti: randomUUID(),
    exp: nowSeconds + 7200,
  }));
  const document = JSON.stringify({ revoked: denied });
  const lst = listBits();
  let base = '';
  const listToken = (): Promise<string> =>
    new SignJWT({
      sub: `${base}${LIST_PATH}`,
      iss: ISSUER,
      // An hour: no refresh of the list falls inside the run.
      ttl: 3600,
      status_list: { bits: 1, lst },
    })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'statuslist+jwt' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);

  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    served.set(path, (served.get(path) ?? 0) + 1);
    const answer = (type: string, body: string) =>
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
    if (path === LIST_PATH) void listToken().then((token) => answer('application/statuslist+jwt', token));
    else if (path === DENY_LIST_PATH) answer('application/json', document);
    else res.writeHead(404, { 'content-length': 0 }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const issuer: TrustedIssuerConfig = {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    keys: { type: 'static', keys: [{ type: 'jwk', jwk }] },
  };
  return {
    mint: ({ idx, jti }) => mintToken(privateKey, base, idx, jti),
    baseline: { issuers: [issuer] },
    checked: {
      issuers: [{ ...issuer, statusList: { mode: 'when-present', allowedUris: [`${base}/statuslists/`] } }],
      // An hour between refreshes keeps the fetch and the parse of the document out of the timed batches
      // (an identical refresh would leave the generation as it is anyway).
      denyList: { url: `${base}${DENY_LIST_PATH}`, refreshSeconds: 3600 },
    },
    deniedJti: (denied[0] as { jti: string }).jti,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An RFC 9068-shaped access token with a `jti` and, given `idx`, a `status` claim. */
function mintToken(key: CryptoKey, base: string, idx?: number, jti: string = randomUUID()): Promise<string> {
  const status = idx === undefined ? {} : { status: { status_list: { idx, uri: `${base}${LIST_PATH}` } } };
  return new SignJWT({
    client_id: 'orders-web',
    scope: 'openid profile orders:read orders:write',
    roles: ['customer', 'beta-tester'],
    ...status,
  })
    .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setSubject('5f1c2a9e-8d4b-4c07-9a51-3e2b7d6f0a18')
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .setJti(jti)
    .sign(key);
}

/** Entry `n` of the list among those not revoked (the benchmark's tokens are all VALID). */
export function validIdx(n: number): number {
  const idx = 1000 + n * 13;
  return isRevoked(idx) ? idx + 1 : idx;
}
