// One configuration of the OpenID provider: its clients, signing keys, access tokens for the shop API
// (JWTs with a status list entry; opaque for the mobile app) and introspection for the shop's services.
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import {
  type AdapterFactory,
  type Client,
  errors,
  type KoaContextWithOIDC,
  Provider,
  type ResourceServer,
} from 'oidc-provider';
import { IDP_PATHS, ROUTES } from '../protocol.ts';
import { registerGrants } from './grants.ts';
import { type StatusList, statusIndexOf } from './status-list.ts';
import { tokenClaims } from './token-claims.ts';
import {
  CLIENT_IDS,
  type ClientSecrets,
  DEMO_LOGIN_GRANT,
  SHOP_API,
  SHOP_SCOPES,
  TOKEN_EXCHANGE_GRANT,
} from './users.ts';

/** Access tokens live ten minutes: long enough for the demo, short as access tokens should be. */
const ACCESS_TOKEN_TTL_SECONDS = 600;

export interface SigningKey {
  /** Private JWK with `kid`, `alg: 'ES256'`, `use: 'sig'`. */
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface ShopProviderOptions {
  readonly issuer: string;
  /** Published in this order; the first one signs. Older keys stay published so their tokens still verify. */
  readonly keys: readonly SigningKey[];
  readonly secrets: ClientSecrets;
  readonly cookieKey: string;
  readonly adapter: AdapterFactory;
  /** Called with every access token the token endpoint issues (for the end-to-end test's leak scan). */
  readonly onIssued: (token: string) => void;
  /** The status list every JWT access token gets an index in. */
  readonly statusList: StatusList;
  /** Called when the introspection endpoint answers that a token of this session (grant id) is active. */
  readonly onActiveAnswer: (grantId: string | undefined) => void;
}

export function createShopProvider(options: ShopProviderOptions): Provider {
  const { issuer, keys, secrets, cookieKey, adapter, onIssued, statusList, onActiveAnswer } = options;
  const [current] = keys;
  if (current === undefined) throw new Error('the provider needs a signing key');
  const jwtApi: ResourceServer = {
    scope: SHOP_SCOPES,
    audience: SHOP_API,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    // RFC 9068 JWT access tokens, signed with the newest key.
    accessTokenFormat: 'jwt',
    jwt: {
      sign: {
        alg: 'ES256',
        ...(current.privateJwk.kid === undefined ? {} : { kid: current.privateJwk.kid }),
      },
    },
  };
  // The same API and audience, with reference tokens: the services ask the IdP what they stand for.
  const opaqueApi: ResourceServer = {
    scope: SHOP_SCOPES,
    audience: SHOP_API,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat: 'opaque',
  };
  const shopApi = (client: Client | undefined) =>
    client?.clientId === CLIENT_IDS.mobile ? opaqueApi : jwtApi;
  const provider = new Provider(issuer, {
    adapter,
    clients: [
      {
        client_id: CLIENT_IDS.shop,
        client_secret: secrets.shop,
        grant_types: [DEMO_LOGIN_GRANT],
        response_types: [],
        redirect_uris: [],
      },
      {
        // Confidential here: the demo's login grant authenticates the client (its backend holds the secret).
        client_id: CLIENT_IDS.mobile,
        client_secret: secrets.mobile,
        grant_types: [DEMO_LOGIN_GRANT],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: CLIENT_IDS.orders,
        client_secret: secrets.orders,
        grant_types: ['client_credentials', TOKEN_EXCHANGE_GRANT],
        response_types: [],
        redirect_uris: [],
      },
      {
        // Obtains no tokens: authenticates (client_secret_basic) at the introspection endpoint only.
        client_id: CLIENT_IDS.api,
        client_secret: secrets.api,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    // Only ES256 keys are published, so clients default to ES256 too.
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    jwks: { keys: keys.map((key) => key.privateJwk) },
    cookies: { keys: [cookieKey] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => SHOP_API,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== SHOP_API) throw new errors.InvalidTarget();
          return shopApi(client);
        },
      },
      introspection: {
        enabled: true,
        // The default lets any client holding a secret introspect any token. Here only the shop API's
        // services learn what a shop API token stands for; anyone else is told `active: false`.
        allowedPolicy: (_ctx, client, token) =>
          client.clientId === CLIENT_IDS.api && 'aud' in token && token.aud === SHOP_API,
      },
    },
    extraTokenClaims: tokenClaims(statusList),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
      // A login's session lives as long as its access token.
      Grant: ACCESS_TOKEN_TTL_SECONDS,
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { access_token?: unknown; active?: unknown } | undefined;
    if (ctx.path === ROUTES.token && typeof body?.access_token === 'string') onIssued(body.access_token);
    if (ctx.path === IDP_PATHS.introspection && body?.active === true) {
      onActiveAnswer((ctx as KoaContextWithOIDC).oidc.entities.AccessToken?.grantId);
    }
  });
  const publicKeys = createLocalJWKSet({ keys: keys.map((key) => key.publicJwk) });
  registerGrants(provider, {
    shopApi,
    sessionOf: (claims) => {
      const idx = statusIndexOf(claims, statusList.uri);
      return idx === undefined ? undefined : statusList.sessionOf(idx);
    },
    verifyOwnToken: async (token) =>
      (await jwtVerify(token, publicKeys, { issuer, audience: SHOP_API, typ: 'at+jwt' })).payload,
  });
  return provider;
}
