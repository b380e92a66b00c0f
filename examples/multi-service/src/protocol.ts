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
} as const;

export type FromService = { readonly type: 'ready'; readonly port: number };
export type ToService = { readonly type: 'stop' };
