// The demo's IdP as its tests call it: logins through its clients, introspection, the status list read
// back and checked with node:crypto (independently of the jose the IdP signs with).
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import type { IdpServer } from '../../../examples/multi-service/src/idp/idp-server.ts';
import { CLIENT_IDS } from '../../../examples/multi-service/src/idp/users.ts';
import { IDP_PATHS } from '../../../examples/multi-service/src/protocol.ts';
import { logIn } from '../../../examples/multi-service/src/scenarios/shop-login.ts';

export type ClientName = keyof typeof CLIENT_IDS;

export async function login(idp: IdpServer, client: ClientName, username: string): Promise<string> {
  const target = {
    tokenEndpoint: idp.tokenEndpoint,
    clientId: CLIENT_IDS[client],
    clientSecret: idp.secrets[client],
  };
  return (await logIn(target, username)).accessToken;
}

/** POSTs `token` to the introspection endpoint as `client` (client_secret_basic), as otel-jwt does. */
export async function introspect(
  idp: IdpServer,
  client: ClientName,
  token: string,
  secret = idp.secrets[client],
): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
  const basic = Buffer.from(`${CLIENT_IDS[client]}:${secret}`).toString('base64');
  const response = await fetch(`${idp.issuer}${IDP_PATHS.introspection}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const [header = '', payload = ''] = token.split('.');
  const part = (text: string) =>
    JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

/** Whether an ES256 JWT's signature verifies with the IdP's published key of its `kid`. */
export async function verifiesWithIdpKey(idp: IdpServer, token: string): Promise<boolean> {
  const { keys } = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: JsonWebKey[] };
  const jwk = keys.find((key) => key.kid === decodeJwt(token).header.kid);
  if (jwk === undefined) return false;
  const [header, payload, signature = ''] = token.split('.');
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
}

export interface FetchedList {
  readonly status: number;
  readonly contentType: string | null;
  readonly token: string;
  readonly jwt: DecodedJwt;
  /** The status of index `idx`, read as the draft says: (byte[i*bits/8] >> (i*bits % 8)) & (2^bits - 1). */
  statusOf(idx: number): number;
  readonly byteLength: number;
}

export async function fetchStatusList(url: string): Promise<FetchedList> {
  const response = await fetch(url, { headers: { accept: 'application/statuslist+jwt' } });
  const token = await response.text();
  const jwt = decodeJwt(token);
  const list = jwt.payload.status_list as { bits: number; lst: string };
  const bytes = inflateSync(Buffer.from(list.lst, 'base64url'));
  const { bits } = list;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    token,
    jwt,
    statusOf: (idx) => ((bytes[Math.floor((idx * bits) / 8)] ?? 0) >> ((idx * bits) % 8)) & (2 ** bits - 1),
    byteLength: bytes.length,
  };
}

/** The `status_list` reference of a JWT access token. */
export function statusReference(token: string): { readonly idx: number; readonly uri: string } {
  return (decodeJwt(token).payload.status as { status_list: { idx: number; uri: string } }).status_list;
}
