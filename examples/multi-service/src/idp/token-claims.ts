// What the IdP adds to its access tokens beyond RFC 9068's registered claims (for opaque tokens: to what
// introspection answers about them).
import type { AccessToken, ClientCredentials, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import type { StatusList } from './status-list.ts';
import { USERS } from './users.ts';

/** RFC 8693 `act`: who acts for the subject, nested for a chain of actors. */
export interface ActorClaim {
  readonly sub: string;
  readonly act?: ActorClaim;
}

// Set by the token-exchange grant for the token it is about to save; read when the token is signed.
const actors = new WeakMap<object, ActorClaim>();

export function setActor(token: AccessToken, act: ActorClaim): void {
  actors.set(token, act);
}

/**
 * `extraTokenClaims` of the provider: the user's roles and tenant, `act` for exchanged tokens, and for
 * every JWT access token a `status` claim naming its own index in the IdP's status list. Opaque tokens get
 * none: the IdP answers for them at its introspection endpoint.
 */
export function tokenClaims(statusList: StatusList) {
  return (_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials): UnknownObject | undefined => {
    const status =
      token.resourceServer?.accessTokenFormat === 'jwt'
        ? {
            status: {
              status_list: statusList.allocate(token.kind === 'AccessToken' ? token.grantId : undefined),
            },
          }
        : {};
    if (token.kind !== 'AccessToken') return { roles: ['service'], ...status };
    const user = USERS.get((token as AccessToken).accountId);
    const act = actors.get(token);
    return {
      ...(user === undefined ? {} : { roles: [...user.roles], tenant: user.tenant }),
      ...(act === undefined ? {} : { act }),
      ...status,
    };
  };
}
