// Ending a user's session at the IdP mid-session, as an administrator would after a device was stolen:
// every JWT access token of the session gets its bit set in the status list, and the session's grant is
// destroyed with its opaque tokens, so introspection answers `active: false` for them.
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import type { Provider } from 'oidc-provider';
import { type StatusList, statusIndexOf } from './status-list.ts';

export interface RevokedSession {
  /** The status list indices now set: the session's JWT access tokens. */
  readonly statusIndices: readonly number[];
  /** Whether the session had a grant, now destroyed with its opaque tokens. */
  readonly grantEnded: boolean;
  /**
   * When the IdP last told a service that tokens of this session were good, before it ended (ms since the
   * epoch): the last serve of the status list (when the session had JWTs), and the last introspection
   * answer `active: true`. A service may act on such an answer for a bounded time: the list's `ttl`, its
   * introspection cache. Undefined when no such answer went out.
   */
  readonly lastGoodAnswer: {
    readonly statusList: number | undefined;
    readonly introspection: number | undefined;
  };
}

export interface SessionStore {
  readonly issuer: string;
  /** The provider as configured now (a key rotation replaces it). */
  provider(): Provider;
  /** Every key the IdP publishes: its tokens verify with one of them. */
  publicKeys(): readonly JWK[];
  readonly statusList: StatusList;
  /** The time of the last introspection answer `active: true`, by session (grant id). */
  readonly lastActiveAnswer: ReadonlyMap<string, number>;
}

/** Ends the session `token` belongs to (a JWT or an opaque access token this IdP issued). */
export async function revokeSession(store: SessionStore, token: string): Promise<RevokedSession> {
  const { statusList } = store;
  let session: string | undefined;
  let statusIndices: number[];
  if (token.split('.').length === 3) {
    const keys = createLocalJWKSet({ keys: [...store.publicKeys()] });
    const { payload } = await jwtVerify(token, keys, { issuer: store.issuer });
    const idx = statusIndexOf(payload, statusList.uri);
    if (idx === undefined) throw new Error('the token has no entry in the status list');
    session = statusList.sessionOf(idx);
    statusIndices = statusList.revoke(idx);
  } else {
    const found = await store.provider().AccessToken.find(token);
    if (found === undefined) throw new Error('the IdP has no such token');
    session = found.grantId;
    statusIndices = statusList.revokeSession(session);
  }
  let grantEnded = false;
  if (session !== undefined) {
    const provider = store.provider();
    const grant = await provider.Grant.find(session);
    await grant?.destroy();
    await provider.AccessToken.revokeByGrantId(session);
    grantEnded = grant !== undefined;
  }
  return {
    statusIndices,
    grantEnded,
    lastGoodAnswer: {
      statusList: statusIndices.length > 0 ? statusList.lastServedAt : undefined,
      introspection: session === undefined ? undefined : store.lastActiveAnswer.get(session),
    },
  };
}
