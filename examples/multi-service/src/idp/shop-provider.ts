// One configuration of the OpenID provider: its clients, signing keys, and JWT access tokens for the shop API.
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { type AdapterFactory, errors, Provider, type ResourceServer } from 'oidc-provider';
import { ROUTES } from '../protocol.ts';
import { registerGrants } from './grants.ts';
import { extraTokenClaims } from './token-claims.ts';
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
}

export function createShopProvider(options: ShopProviderOptions): Provider {
  const { issuer, keys, secrets, cookieKey, adapter, onIssued } = options;
  const [current] = keys;
  if (current === undefined) throw new Error('the provider needs a signing key');
  const shopApi: ResourceServer = {
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
        client_id: CLIENT_IDS.orders,
        client_secret: secrets.orders,
        grant_types: ['client_credentials', TOKEN_EXCHANGE_GRANT],
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
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== SHOP_API) throw new errors.InvalidTarget();
          return shopApi;
        },
      },
    },
    extraTokenClaims,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { access_token?: unknown } | undefined;
    if (ctx.path === ROUTES.token && typeof body?.access_token === 'string') onIssued(body.access_token);
  });
  const publicKeys = createLocalJWKSet({ keys: keys.map((key) => key.publicJwk) });
  registerGrants(provider, {
    shopApi,
    verifyOwnToken: async (token) =>
      (await jwtVerify(token, publicKeys, { issuer, audience: SHOP_API, typ: 'at+jwt' })).payload,
  });
  return provider;
}
