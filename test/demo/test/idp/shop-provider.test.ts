// What the demo's IdP issues to each client, and who may introspect its opaque tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdpServer, startIdp } from '../../../../examples/multi-service/src/idp/idp-server.ts';
import { SHOP_API } from '../../../../examples/multi-service/src/idp/users.ts';
import { decodeJwt, introspect, login } from '../../src/idp-calls.ts';

let idp: IdpServer;
let opaque: string;

beforeAll(async () => {
  idp = await startIdp();
  opaque = await login(idp, 'mobile', 'bob');
});

afterAll(async () => {
  await idp.close();
});

describe('access token formats', () => {
  it('issues the web shop an at+jwt access token with a status claim', async () => {
    const { header, payload } = decodeJwt(await login(idp, 'shop', 'alice'));
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(payload).toMatchObject({ sub: 'alice', aud: SHOP_API, client_id: 'shop-web' });
    expect(payload.status).toEqual({ status_list: { idx: expect.any(Number), uri: idp.statusListUri } });
  });

  it('issues the mobile app an opaque token: neither a compact JWS nor a JWE', () => {
    expect(opaque).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(opaque.split('.')).toHaveLength(1);
  });
});

describe('introspection', () => {
  it("tells the shop API's services what the mobile app's token stands for", async () => {
    const { status, body } = await introspect(idp, 'api', opaque);
    expect(status).toBe(200);
    expect(body).toEqual({
      active: true,
      sub: 'bob',
      client_id: 'shop-mobile',
      iss: idp.issuer,
      aud: SHOP_API,
      scope: 'orders:write inventory:reserve payments:charge',
      token_type: 'Bearer',
      iat: expect.any(Number),
      exp: expect.any(Number),
      roles: ['customer', 'beta'],
      tenant: 'globex',
    });
    // No status claim: the introspection endpoint itself answers for opaque tokens.
    expect(body.status).toBeUndefined();
  });

  it('answers active: false to a client other than the services, even with a valid secret', async () => {
    for (const client of ['shop', 'mobile', 'orders'] as const) {
      expect(await introspect(idp, client, opaque), client).toEqual({ status: 200, body: { active: false } });
    }
  });

  it('refuses the services with a wrong secret (invalid_client)', async () => {
    const { status, body } = await introspect(idp, 'api', opaque, `${idp.secrets.api}x`);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('answers active: false for a token it never issued', async () => {
    expect((await introspect(idp, 'api', 'A'.repeat(43))).body).toEqual({ active: false });
  });

  it('refuses to introspect a JWT access token (services verify those themselves)', async () => {
    const { status, body } = await introspect(idp, 'api', await login(idp, 'shop', 'alice'));
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_token_type');
  });
});
