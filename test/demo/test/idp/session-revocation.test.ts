// Ending a session at the demo's IdP: the bits of the session's JWTs are set in the status list, its grant
// and opaque tokens are gone from introspection, other sessions stay as they were, and the IdP says when it
// last vouched for the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdpServer, startIdp } from '../../../../examples/multi-service/src/idp/idp-server.ts';
import {
  ACCESS_TOKEN_TYPE,
  CLIENT_IDS,
  TOKEN_EXCHANGE_GRANT,
} from '../../../../examples/multi-service/src/idp/users.ts';
import { fetchStatusList, introspect, login, statusReference } from '../../src/idp-calls.ts';

let idp: IdpServer;

beforeAll(async () => {
  idp = await startIdp();
});

afterAll(async () => {
  await idp.close();
});

describe('revokeSession', () => {
  it("sets the bit of every JWT of the session, and of no other session's", async () => {
    const first = await login(idp, 'shop', 'alice');
    const other = await login(idp, 'shop', 'alice');
    const bob = await login(idp, 'shop', 'bob');
    const served = Date.now();
    await fetchStatusList(idp.statusListUri);
    const revoked = await idp.revokeSession(first);
    expect(revoked.statusIndices).toEqual([statusReference(first).idx]);
    expect(revoked.grantEnded).toBe(true);
    expect(revoked.lastGoodAnswer.statusList).toBeGreaterThanOrEqual(served);
    expect(revoked.lastGoodAnswer.introspection).toBeUndefined();
    const list = await fetchStatusList(idp.statusListUri);
    // A second login of the same user is a session of its own.
    expect([first, other, bob].map((token) => list.statusOf(statusReference(token).idx))).toEqual([1, 0, 0]);
  });

  it("ends an app session: introspection answers active: false for its token, still true for another's", async () => {
    const ended = await login(idp, 'mobile', 'bob');
    const kept = await login(idp, 'mobile', 'bob');
    expect((await introspect(idp, 'api', ended)).body.active).toBe(true);
    const answered = Date.now();
    const revoked = await idp.revokeSession(ended);
    expect(revoked).toEqual({
      statusIndices: [],
      grantEnded: true,
      lastGoodAnswer: { statusList: undefined, introspection: expect.any(Number) },
    });
    expect(revoked.lastGoodAnswer.introspection).toBeGreaterThanOrEqual(answered - 1_000);
    expect((await introspect(idp, 'api', ended)).body).toEqual({ active: false });
    expect((await introspect(idp, 'api', kept)).body.active).toBe(true);
  });

  it('refuses to exchange a token of an ended session for a new one (RFC 8693), which would start it again', async () => {
    const token = await login(idp, 'shop', 'alice');
    const exchange = () =>
      fetch(idp.tokenEndpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${CLIENT_IDS.orders}:${idp.secrets.orders}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: token,
          subject_token_type: ACCESS_TOKEN_TYPE,
        }),
      });
    expect((await exchange()).status).toBe(200);
    await idp.revokeSession(token);
    const refused = await exchange();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error?: string }).error).toBe('invalid_grant');
  });

  it('reports no introspection answer for an app session nobody asked about', async () => {
    const revoked = await idp.revokeSession(await login(idp, 'mobile', 'alice'));
    expect(revoked.lastGoodAnswer).toEqual({ statusList: undefined, introspection: undefined });
  });

  it('refuses a token the IdP does not know, without revoking anything', async () => {
    const before = await fetchStatusList(idp.statusListUri);
    await expect(idp.revokeSession('B'.repeat(43))).rejects.toThrow('the IdP has no such token');
    const forged = (await login(idp, 'shop', 'bob')).replace(/\.[^.]+$/, `.${'A'.repeat(86)}`);
    await expect(idp.revokeSession(forged)).rejects.toThrow();
    const after = await fetchStatusList(idp.statusListUri);
    expect(after.jwt.payload.status_list).toEqual(before.jwt.payload.status_list);
  });
});
