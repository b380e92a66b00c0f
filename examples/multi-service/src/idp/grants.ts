// The two grants the demo registers: a login stand-in for alice and bob, and RFC 8693 token exchange.
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import {
  type Client,
  errors,
  type Provider,
  type ResourceServer,
  type TokenEndpointGrantContext,
} from 'oidc-provider';
import { type ActorClaim, setActor } from './token-claims.ts';
import { ACCESS_TOKEN_TYPE, DEMO_LOGIN_GRANT, SHOP_API, TOKEN_EXCHANGE_GRANT, USERS } from './users.ts';

/** Verifies a token this IdP issued (signature with its published keys, issuer, audience, expiry). */
export type VerifyOwnToken = (token: string) => Promise<JWTPayload>;

export interface GrantOptions {
  readonly verifyOwnToken: VerifyOwnToken;
  /** The shop API as a resource server for this client: JWT (signed with the current key) or opaque. */
  readonly shopApi: (client: Client) => ResourceServer;
  /** The session (grant id) of a token this IdP issued, from its verified claims; undefined if none. */
  readonly sessionOf: (claims: JWTPayload) => string | undefined;
}

/** Longest lifetime a caller may ask for; the default lifetime comes from the resource server. */
const MAX_TTL_SECONDS = 600;

export function registerGrants(provider: Provider, options: GrantOptions): void {
  provider.registerGrantType(DEMO_LOGIN_GRANT, (ctx) => demoLogin(provider, options, ctx), [
    'username',
    'password',
    'scope',
    'resource',
    // Demo only: lets the driver obtain a token that expires within seconds, for the expired-token scenario.
    'ttl_seconds',
  ]);
  provider.registerGrantType(TOKEN_EXCHANGE_GRANT, (ctx) => tokenExchange(provider, options, ctx), [
    'subject_token',
    'subject_token_type',
    'actor_token',
    'actor_token_type',
    'requested_token_type',
    'scope',
    'resource',
  ]);
}

/** Stands in for an interactive login (a password form), so the driver can log users in without a browser. */
async function demoLogin(
  provider: Provider,
  options: GrantOptions,
  ctx: TokenEndpointGrantContext,
): Promise<void> {
  const { username, password, scope, ttl_seconds: ttl } = ctx.oidc.params;
  const user = typeof username === 'string' ? USERS.get(username) : undefined;
  if (user === undefined || password !== user.password) {
    throw new errors.InvalidGrant('unknown user or wrong password');
  }
  const expiresIn = ttl === undefined ? undefined : Math.min(MAX_TTL_SECONDS, Math.max(1, Number(ttl) | 0));
  const shopApi = options.shopApi(ctx.oidc.client);
  // A login starts a session: a grant the provider stores, which its introspection endpoint checks and
  // whose end revokes every token issued under it.
  const grant = new provider.Grant({ accountId: user.sub, clientId: ctx.oidc.client.clientId });
  grant.addResourceScope(SHOP_API, grantedScope(shopApi, scope));
  await issue(provider, shopApi, ctx, {
    accountId: user.sub,
    grantId: await grant.save(),
    scope: typeof scope === 'string' ? scope : undefined,
    expiresIn,
  });
}

/**
 * RFC 8693: the authenticated client (the actor) trades a user's token for one that still names the user
 * as `sub` and itself in `act`. The actor token, when sent, must be the client's own token.
 */
async function tokenExchange(
  provider: Provider,
  { verifyOwnToken, shopApi, sessionOf }: GrantOptions,
  ctx: TokenEndpointGrantContext,
): Promise<void> {
  const { subject_token, subject_token_type, actor_token, actor_token_type, scope } = ctx.oidc.params;
  if (typeof subject_token !== 'string' || subject_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest('subject_token must be an access token');
  }
  const subject = await verifyOrRefuse(verifyOwnToken, subject_token, 'subject_token');
  const clientId = ctx.oidc.client.clientId;
  if (actor_token !== undefined) {
    const actor =
      actor_token_type === ACCESS_TOKEN_TYPE && typeof actor_token === 'string'
        ? await verifyOrRefuse(verifyOwnToken, actor_token, 'actor_token')
        : undefined;
    if (actor?.sub !== clientId) throw new errors.InvalidGrant('actor_token is not the client');
  }
  if (typeof subject.sub !== 'string') throw new errors.InvalidGrant('subject_token has no subject');
  // A token of an ended session is revoked: trading it would start its session again under a new status
  // index. Ending a session destroys its grant, so the grant's presence is the session's standing.
  const session = sessionOf(subject);
  if (session !== undefined && (await provider.Grant.find(session)) === undefined) {
    throw new errors.InvalidGrant('subject_token belongs to a session that has ended');
  }
  const previous = subject.act as ActorClaim | undefined;
  const act: ActorClaim = previous === undefined ? { sub: clientId } : { sub: clientId, act: previous };
  await issue(provider, shopApi(ctx.oidc.client), ctx, {
    accountId: subject.sub,
    // The new token belongs to the user's session: ending the session revokes it too.
    grantId: session ?? randomUUID(),
    scope: typeof scope === 'string' ? scope : undefined,
    act,
  });
  ctx.body = { ...(ctx.body as object), issued_token_type: ACCESS_TOKEN_TYPE };
}

async function verifyOrRefuse(verify: VerifyOwnToken, token: string, name: string): Promise<JWTPayload> {
  try {
    return await verify(token);
  } catch {
    // jose's message is not passed on: the caller learns only which token was refused.
    throw new errors.InvalidGrant(`${name} did not verify`);
  }
}

interface Issue {
  readonly accountId: string;
  readonly grantId: string;
  readonly scope: string | undefined;
  readonly expiresIn?: number | undefined;
  readonly act?: ActorClaim;
}

/** The requested scopes the shop API knows (all of them when none was requested). */
function grantedScope(shopApi: ResourceServer, requested: unknown): string {
  const known = new Set(shopApi.scope.split(' '));
  return (typeof requested === 'string' ? requested : shopApi.scope)
    .split(' ')
    .filter((item) => known.has(item))
    .join(' ');
}

/** Saves an access token for the shop API (a JWT signed by the current key, or opaque) as the response. */
async function issue(
  provider: Provider,
  shopApi: ResourceServer,
  ctx: TokenEndpointGrantContext,
  { accountId, grantId, scope: requested, expiresIn, act }: Issue,
): Promise<void> {
  const scope = grantedScope(shopApi, requested);
  const token = new provider.AccessToken({
    accountId,
    client: ctx.oidc.client,
    grantId,
    gty: ctx.oidc.params.grant_type,
    scope,
    resourceServer: new provider.ResourceServer(SHOP_API, shopApi),
    ...(expiresIn === undefined ? {} : { expiresIn }),
  });
  if (act !== undefined) setActor(token, act);
  ctx.body = {
    access_token: await token.save(),
    token_type: 'Bearer',
    expires_in: token.expiration,
    scope,
  };
}
