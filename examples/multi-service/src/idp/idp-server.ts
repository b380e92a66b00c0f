// The demo's OpenID provider on loopback: discovery, JWKS and the token endpoint, with key rotation.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { ROUTES } from '../protocol.ts';
import { memoryAdapter } from './memory-adapter.ts';
import { createShopProvider, type SigningKey } from './shop-provider.ts';
import type { ClientSecrets } from './users.ts';

export interface IdpServer {
  /** `http://127.0.0.1:<port>`: the issuer and the base of discovery. */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly secrets: ClientSecrets;
  /** The `kid` tokens are signed with now. */
  signingKid(): string;
  /** Every access token issued so far (kept in memory; written to a file only when a test asks). */
  issuedTokens(): readonly string[];
  /** Starts signing with a new key the services have never seen; the old key stays published. */
  rotate(): Promise<{ readonly from: string; readonly to: string }>;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export async function startIdp(): Promise<IdpServer> {
  let handler: Handler = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secrets: ClientSecrets = { shop: secret(), orders: secret() };
  const cookieKey = secret();
  const adapter = memoryAdapter();
  const issued: string[] = [];
  const onIssued = (token: string) => void issued.push(token);
  let keys: SigningKey[] = [await newSigningKey(1)];

  // A rotation is a redeploy of the provider with another key set: the same issuer, clients and port.
  const configure = () => {
    handler = createShopProvider({ issuer, keys, secrets, cookieKey, adapter, onIssued }).callback();
  };
  configure();
  const kidOf = (key: SigningKey | undefined) => String(key?.privateJwk.kid);

  return {
    issuer,
    tokenEndpoint: `${issuer}${ROUTES.token}`,
    secrets,
    signingKid: () => kidOf(keys[0]),
    issuedTokens: () => issued,
    async rotate() {
      const from = kidOf(keys[0]);
      keys = [await newSigningKey(keys.length + 1), ...keys];
      configure();
      return { from, to: kidOf(keys[0]) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function newSigningKey(generation: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  // A kid nobody could have seen before this run: a generation number and random bits.
  const kid = `shop-es256-${generation}-${randomBytes(4).toString('hex')}`;
  const meta = { kid, alg: 'ES256', use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}
