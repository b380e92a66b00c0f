// The status list as services fetch it: a status list token (a JWT with `typ: statuslist+jwt`,
// draft-ietf-oauth-status-list) signed with the IdP's current key, whose public key is in its JWKS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import type { SigningKey } from './shop-provider.ts';
import type { StatusList } from './status-list.ts';

export const STATUS_LIST_TOKEN_TYPE = 'statuslist+jwt';
const MEDIA_TYPE = `application/${STATUS_LIST_TOKEN_TYPE}`;

/**
 * Lifetime of one list token (`exp`). The `ttl` says when to fetch again; `exp` bounds how long a copy may
 * be used at all, for a service whose refreshes keep failing.
 */
const LIFETIME_SECONDS = 300;

export interface StatusListTokenOptions {
  readonly issuer: string;
  readonly list: StatusList;
  /** The key the IdP signs with now: the list follows a rotation like the access tokens do. */
  readonly signingKey: () => SigningKey;
  /** `ttl`: how long a service keeps the list before fetching it again. */
  readonly ttlSeconds: number;
}

export async function signStatusList(options: StatusListTokenOptions, now = Date.now()): Promise<string> {
  const { privateJwk } = options.signingKey();
  const iat = Math.floor(now / 1000);
  return new SignJWT({ status_list: options.list.snapshot(now), ttl: options.ttlSeconds })
    .setProtectedHeader({
      alg: 'ES256',
      typ: STATUS_LIST_TOKEN_TYPE,
      ...(privateJwk.kid === undefined ? {} : { kid: privateJwk.kid }),
    })
    .setIssuer(options.issuer)
    .setSubject(options.list.uri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_SECONDS)
    .sign(await importJWK(privateJwk, 'ES256'));
}

/** Answers a request for the list's URL (`path`) with the signed list; 404 or 405 for anything else. */
export function serveStatusList(
  options: StatusListTokenOptions,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  request.resume();
  if (request.url !== path) {
    response.writeHead(404).end();
    return;
  }
  if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  signStatusList(options).then(
    (token) =>
      response
        .writeHead(200, {
          'content-type': MEDIA_TYPE,
          'content-length': Buffer.byteLength(token),
          // Services cache the list for its `ttl`; nothing between them and the IdP should keep it longer.
          'cache-control': 'no-store',
        })
        .end(token),
    () => response.writeHead(500).end(),
  );
}
