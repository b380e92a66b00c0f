// The driver's side of the IdP: logs alice and bob in as the shop's web front end or its mobile app would.
// Tokens stay in memory.
import { DEMO_LOGIN_GRANT, USERS } from '../idp/users.ts';

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface LoginTarget {
  readonly tokenEndpoint: string;
  /** The client the user logs in through (the web shop or the mobile app). */
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Bounds every IdP call, so a stuck IdP fails the scenario instead of hanging the demo. */
const IDP_TIMEOUT_MS = 10_000;

export async function logIn(idp: LoginTarget, username: string, ttlSeconds?: number): Promise<IssuedToken> {
  const user = USERS.get(username);
  if (user === undefined) throw new Error(`no demo user ${username}`);
  const body = new URLSearchParams({ grant_type: DEMO_LOGIN_GRANT, username, password: user.password });
  if (ttlSeconds !== undefined) body.set('ttl_seconds', String(ttlSeconds));
  const basic = Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString('base64');
  const response = await fetch(idp.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
  });
  const json = (await response.json()) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
  if (!response.ok || typeof json.access_token !== 'string') {
    // The error code only: an error body never holds a token, but nothing else is worth printing.
    throw new Error(
      `login of ${username} failed: ${response.status} ${String(json.error)} ${String((json as { error_description?: unknown }).error_description)}`,
    );
  }
  return { accessToken: json.access_token, expiresIn: Number(json.expires_in) };
}

/** The token's claims, decoded without verifying (the driver only reads `exp` and `kid` to time scenarios). */
export function peek(token: string): { readonly kid: string; readonly exp: number } {
  const [header = '', payload = ''] = token.split('.');
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { kid: String(decode(header).kid), exp: Number(decode(payload).exp) };
}
