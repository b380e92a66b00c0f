// What the IdP adds to its JWT access tokens beyond RFC 9068's registered claims.
import type { AccessToken, ClientCredentials, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
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

/** `extraTokenClaims` of the provider: the user's roles and tenant, and `act` for exchanged tokens. */
export function extraTokenClaims(
  _ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
): UnknownObject | undefined {
  if (token.kind !== 'AccessToken') return { roles: ['service'] };
  const user = USERS.get((token as AccessToken).accountId);
  const act = actors.get(token);
  return {
    ...(user === undefined ? {} : { roles: [...user.roles], tenant: user.tenant }),
    ...(act === undefined ? {} : { act }),
  };
}
