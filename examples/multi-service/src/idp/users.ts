// The demo's directory: two users, their claims, and the service clients of the shop.

/** The API every service accepts tokens for (RFC 8707 resource indicator, the tokens' `aud`). */
export const SHOP_API = 'https://api.shop.example';
export const SHOP_SCOPES = 'orders:write inventory:reserve payments:charge';

/** Custom grants: a demo stand-in for a login page, and RFC 8693 token exchange. */
export const DEMO_LOGIN_GRANT = 'urn:otel-jwt:demo:grant-type:user-login';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface DemoUser {
  readonly sub: string;
  /** Demo passwords: the login grant checks them as a login page would. */
  readonly password: string;
  readonly roles: readonly string[];
  readonly tenant: string;
}

export const USERS: ReadonlyMap<string, DemoUser> = new Map([
  ['alice', { sub: 'alice', password: 'alice-demo-password', roles: ['customer'], tenant: 'acme' }],
  ['bob', { sub: 'bob', password: 'bob-demo-password', roles: ['customer', 'beta'], tenant: 'globex' }],
]);

/** The shop's clients of the IdP; their secrets are generated per run. */
export const CLIENT_IDS = {
  /** The shop front end the driver plays: logs users in and receives JWT access tokens. */
  shop: 'shop-web',
  /** The shop's mobile app, also played by the driver: logs users in and receives opaque access tokens. */
  mobile: 'shop-mobile',
  /** orders: its own client-credentials token, and token exchange to act for a user at payments. */
  orders: 'orders-service',
  /** The shop API's services as one resource server: they introspect the mobile app's opaque tokens. */
  api: 'shop-api',
} as const;

export type ClientSecrets = Readonly<Record<keyof typeof CLIENT_IDS, string>>;
