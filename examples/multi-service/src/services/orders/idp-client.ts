// orders as a client of the IdP: its own client-credentials token, and RFC 8693 token exchange to act
// for a user at payments (the new token keeps the user as `sub` and names orders in `act`).
import type * as Http from 'node:http';
import { postJson } from '../shared/http-call.ts';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** A cached token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

export interface IdpClient {
  /** A token for `sub` = the user of `subjectToken`, `act.sub` = orders-service, scoped to payments. */
  exchange(subjectToken: string): Promise<string>;
}

export interface IdpClientOptions {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly resource: string;
}

export function createIdpClient(http: typeof Http, options: IdpClientOptions): IdpClient {
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
  const tokenRequest = async (params: Record<string, string>) => {
    const { status, json } = await postJson(
      http,
      options.tokenEndpoint,
      { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ resource: options.resource, ...params }).toString(),
    );
    const answer = json as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (status !== 200 || typeof answer?.access_token !== 'string') {
      // Only the OAuth error code is passed on: it never holds a token.
      throw new Error(`token request refused: ${status} ${String(answer?.error)}`);
    }
    return { token: answer.access_token, expiresAt: Date.now() + Number(answer.expires_in) * 1000 };
  };

  let own: { token: string; expiresAt: number } | undefined;
  const ownToken = async () => {
    if (own === undefined || own.expiresAt - RENEW_BEFORE_MS < Date.now()) {
      own = await tokenRequest({ grant_type: 'client_credentials', scope: 'payments:charge' });
    }
    return own.token;
  };

  return {
    async exchange(subjectToken) {
      const exchanged = await tokenRequest({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        actor_token: await ownToken(),
        actor_token_type: ACCESS_TOKEN_TYPE,
        scope: 'payments:charge',
      });
      return exchanged.token;
    },
  };
}
