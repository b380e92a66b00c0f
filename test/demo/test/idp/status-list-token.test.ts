// The status list as the services fetch it from the demo's IdP: a signed status list token at the URL
// every JWT access token names, following the IdP's key rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdpServer, startIdp } from '../../../../examples/multi-service/src/idp/idp-server.ts';
import { REVOCATION_TIMING } from '../../../../examples/multi-service/src/protocol.ts';
import { fetchStatusList, login, statusReference, verifiesWithIdpKey } from '../../src/idp-calls.ts';

let idp: IdpServer;

beforeAll(async () => {
  idp = await startIdp();
});

afterAll(async () => {
  await idp.close();
});

describe('the status list token', () => {
  it('is a JWT typed statuslist+jwt, served as application/statuslist+jwt and signed with the current key', async () => {
    const list = await fetchStatusList(idp.statusListUri);
    expect(list.status).toBe(200);
    expect(list.contentType).toBe('application/statuslist+jwt');
    expect(list.jwt.header).toEqual({ alg: 'ES256', typ: 'statuslist+jwt', kid: idp.signingKid() });
    expect(await verifiesWithIdpKey(idp, list.token)).toBe(true);
  });

  it('names the URL it is served at as `sub`, and carries iat, exp, a short ttl and a 1-bit list', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { jwt, byteLength } = await fetchStatusList(idp.statusListUri);
    const { sub, iss, iat, exp, ttl, status_list } = jwt.payload as {
      sub: string;
      iss: string;
      iat: number;
      exp: number;
      ttl: number;
      status_list: unknown;
    };
    expect(sub).toBe(idp.statusListUri);
    expect(iss).toBe(idp.issuer);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(exp).toBeGreaterThan(iat);
    expect(ttl).toBe(REVOCATION_TIMING.statusListTtlSeconds);
    expect(status_list).toMatchObject({ bits: 1 });
    expect(byteLength).toBe(2_048);
    expect(Object.keys(jwt.payload).sort()).toEqual(['exp', 'iat', 'iss', 'status_list', 'sub', 'ttl']);
  });

  it('gives each JWT access token its own index in that list, 0 (valid) until its session ends', async () => {
    const alice = statusReference(await login(idp, 'shop', 'alice'));
    const bob = statusReference(await login(idp, 'shop', 'bob'));
    expect(alice.uri).toBe(idp.statusListUri);
    expect(bob.uri).toBe(idp.statusListUri);
    expect(alice.idx).not.toBe(bob.idx);
    const list = await fetchStatusList(idp.statusListUri);
    expect([list.statusOf(alice.idx), list.statusOf(bob.idx)]).toEqual([0, 0]);
  });

  it('answers 404 for a list it does not have and 405 for anything but GET', async () => {
    expect((await fetch(`${idp.statusListUri}0`)).status).toBe(404);
    expect((await fetch(`${idp.statusListUri}?x=1`)).status).toBe(404);
    expect((await fetch(idp.statusListUri, { method: 'POST' })).status).toBe(405);
  });

  it('is signed with the new key after a rotation, which the JWKS publishes', async () => {
    const { to } = await idp.rotate();
    const list = await fetchStatusList(idp.statusListUri);
    expect(list.jwt.header.kid).toBe(to);
    expect(await verifiesWithIdpKey(idp, list.token)).toBe(true);
  });
});
