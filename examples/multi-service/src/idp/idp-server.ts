// The demo's OpenID provider on loopback: discovery, JWKS, the token and introspection endpoints and a
// status list, with key rotation and the revocation of a session.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { Provider } from 'oidc-provider';
import { IDP_PATHS, REVOCATION_TIMING, ROUTES } from '../protocol.ts';
import { memoryAdapter } from './memory-adapter.ts';
import { type RevokedSession, revokeSession, type SessionStore } from './session-revocation.ts';
import { createShopProvider, type SigningKey } from './shop-provider.ts';
import { StatusList } from './status-list.ts';
import { type StatusListTokenOptions, serveStatusList } from './status-list-token.ts';
import type { ClientSecrets } from './users.ts';

export interface IdpServer {
  /** `http://127.0.0.1:<port>`: the issuer and the base of discovery. */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly secrets: ClientSecrets;
  /** The URL of the status list every JWT access token names. */
  readonly statusListUri: string;
  /** The `kid` tokens are signed with now. */
  signingKid(): string;
  /** Every access token issued so far (kept in memory; written to a file only when a test asks). */
  issuedTokens(): readonly string[];
  /** Starts signing with a new key the services have never seen; the old key stays published. */
  rotate(): Promise<{ readonly from: string; readonly to: string }>;
  /** Ends the session `token` (an access token of this IdP, JWT or opaque) belongs to. */
  revokeSession(token: string): Promise<RevokedSession>;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export async function startIdp(): Promise<IdpServer> {
  let handler: Handler = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secrets: ClientSecrets = { shop: secret(), mobile: secret(), orders: secret(), api: secret() };
  const cookieKey = secret();
  const adapter = memoryAdapter();
  const issued: string[] = [];
  const onIssued = (token: string) => void issued.push(token);
  let keys: SigningKey[] = [await newSigningKey(1)];
  // Kept across a rotation, like the adapter's store: a redeploy does not forget who was revoked.
  const statusListPath = `${IDP_PATHS.statusLists}1`;
  const statusList = new StatusList(`${issuer}${statusListPath}`);
  const lastActiveAnswer = new Map<string, number>();
  const onActiveAnswer = (grantId: string | undefined) => {
    if (grantId !== undefined) lastActiveAnswer.set(grantId, Date.now());
  };
  const listToken: StatusListTokenOptions = {
    issuer,
    list: statusList,
    signingKey: () => keys[0] as SigningKey,
    ttlSeconds: REVOCATION_TIMING.statusListTtlSeconds,
  };

  // A rotation is a redeploy of the provider with another key set: the same issuer, clients and port.
  let provider: Provider;
  const configure = () => {
    const options = { issuer, keys, secrets, cookieKey, adapter, onIssued, statusList, onActiveAnswer };
    provider = createShopProvider(options);
    const callback = provider.callback();
    handler = (request, response) =>
      request.url?.startsWith(IDP_PATHS.statusLists)
        ? serveStatusList(listToken, statusListPath, request, response)
        : callback(request, response);
  };
  configure();
  const kidOf = (key: SigningKey | undefined) => String(key?.privateJwk.kid);
  const sessions: SessionStore = {
    issuer,
    provider: () => provider,
    publicKeys: () => keys.map((key) => key.publicJwk),
    statusList,
    lastActiveAnswer,
  };

  return {
    issuer,
    tokenEndpoint: `${issuer}${ROUTES.token}`,
    secrets,
    statusListUri: statusList.uri,
    signingKid: () => kidOf(keys[0]),
    issuedTokens: () => issued,
    async rotate() {
      const from = kidOf(keys[0]);
      keys = [await newSigningKey(keys.length + 1), ...keys];
      configure();
      return { from, to: kidOf(keys[0]) };
    },
    revokeSession: (token) => revokeSession(sessions, token),
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
