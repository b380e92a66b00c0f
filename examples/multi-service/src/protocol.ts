// What the demo's processes say to each other: request headers, replies, and the services' IPC messages.

/** Set by the driver on a request to the gateway, passed on to orders: how orders should misbehave. */
export const BEHAVIOUR_HEADER = 'x-demo-behaviour';

/**
 * `swap-token`: orders calls payments with another user's token (from its token cache).
 * `drop-token`: orders calls inventory without a token.
 * `delegate`: orders exchanges the user's token for one naming itself in `act` (RFC 8693) for payments.
 */
export type Behaviour = 'swap-token' | 'drop-token' | 'delegate';

export type ServiceName = 'gateway' | 'orders' | 'payments' | 'inventory';

/**
 * The routes the services serve and call, and the token endpoint of the IdP (oidc-provider's default
 * path), which orders calls. None holds an identifier, so each path is also its own route template
 * (`http.route` on server spans, `url.template` on client spans).
 */
export const ROUTES = {
  checkout: '/checkout',
  orders: '/orders',
  reserve: '/reserve',
  charge: '/charge',
  token: '/token',
} as const;

/** The one route each service serves. */
export const SERVED_ROUTES: Readonly<Record<ServiceName, string>> = {
  gateway: ROUTES.checkout,
  orders: ROUTES.orders,
  inventory: ROUTES.reserve,
  payments: ROUTES.charge,
};

/** Where at the IdP otel-jwt itself turns in every service (its own requests, which are not traced). */
export const IDP_PATHS = {
  /** oidc-provider's introspection endpoint (RFC 7662), at its default path. */
  introspection: '/token/introspection',
  /** Prefix of the IdP's status lists (draft-ietf-oauth-status-list): the services allow no other. */
  statusLists: '/status-lists/',
} as const;

/**
 * How soon a revoked session is refused everywhere: seconds here, so the demo shows it (minutes are more
 * usual, traded against the load on the IdP). The IdP's status list token says `ttl: statusListTtlSeconds`,
 * after which each service fetches the list again; each service reuses an introspection answer for at most
 * `introspectionCacheSeconds` (its `maxCacheSeconds`).
 */
export const REVOCATION_TIMING = {
  statusListTtlSeconds: 2,
  introspectionCacheSeconds: 1,
} as const;

/** What one service saw of the request's token, from `getAuth`: never the token or a claim value. */
export interface HopReport {
  readonly service: ServiceName;
  readonly status: number;
  readonly result: 'valid' | 'invalid' | 'unverified' | 'absent';
  readonly code?: string;
  readonly verdict?: string;
  readonly removed?: readonly string[];
  readonly removalReason?: string;
}

/** Every service answers with its own report followed by those of the services it called. */
export interface ServiceReply {
  readonly traceId: string;
  readonly hops: readonly HopReport[];
  readonly error?: string;
}

/** Environment a service process is started with (besides the standard OTEL_* variables). */
export const SERVICE_ENV = {
  issuer: 'DEMO_ISSUER',
  audience: 'DEMO_AUDIENCE',
  hmacKeyFile: 'OTEL_JWT_HMAC_KEY_FILE',
  /** JSON object: service name -> origin, of the services this one calls. */
  downstream: 'DEMO_DOWNSTREAM',
  /** orders only: the IdP's token endpoint and orders' client secret there. */
  tokenEndpoint: 'DEMO_TOKEN_ENDPOINT',
  clientSecret: 'DEMO_CLIENT_SECRET',
  /** Every service: the client the services authenticate as at the IdP's introspection endpoint. */
  introspectionClientId: 'DEMO_INTROSPECTION_CLIENT_ID',
  introspectionClientSecret: 'DEMO_INTROSPECTION_CLIENT_SECRET',
} as const;

export type FromService = { readonly type: 'ready'; readonly port: number };
export type ToService = { readonly type: 'stop' };
