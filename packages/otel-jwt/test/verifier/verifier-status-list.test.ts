import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { startDenyListServer } from '../support/deny-list-server.js';
import { captureDiag, outcome, settle } from '../support/remote-fixtures.js';
import type { StatusListServer } from '../support/status-list-server.js';
import { type StatusVerifier, useStatusVerifiers } from '../support/verifier-status-fixtures.js';

// Token Status List checks through the public verifier, against a real loopback issuer serving signed
// lists and its key set: what each status value, reference and mode makes of a token. Lists that cannot be
// had, refresh timing and key rotation are in verifier-status-list-failures; the verified cache and the
// admission step in verifier-status-list-cache.

const use = useStatusVerifiers();

/** The verdict of `token` once its list has been fetched: the first verify only starts the fetch. */
async function afterFetch(under: StatusVerifier, token: string): Promise<string> {
  const first = outcome(under.verifier.verify(token));
  expect(first).toBe('unverified:status_unavailable');
  await under.fetched(1);
  return outcome(under.verifier.verify(token));
}

/** Total requests the list server received (lists and key set). */
const requests = (server: StatusListServer) => [...server.hits.values()].reduce((a, b) => a + b, 0);

describe('status values', () => {
  test('reads a 2-bit list: 0 is valid, 1 revoked, 2 suspended, 3 status_not_valid, all from one fetch', async () => {
    const issuer = await use.issuer((s) => s.setList('2', 2, [0, 1, 2, 3]));
    const under = await use.verifier(issuer);
    const tokens = await Promise.all(
      [0, 1, 2, 3].map((idx) => issuer.token({ status: issuer.server.statusClaim('2', idx) })),
    );
    expect(await afterFetch(under, tokens[0] as string)).toBe('valid');
    expect(tokens.slice(1).map((token) => outcome(under.verifier.verify(token)))).toEqual([
      'invalid:revoked',
      'invalid:suspended',
      'invalid:status_not_valid',
    ]);
    expect(issuer.server.count('2')).toBe(1);
    expect(issuer.server.lastAccept).toBe('application/statuslist+jwt');
    expect(under.fetches()).toEqual({ success: 1 });
  });

  test('reads a 1-bit list entry by entry across byte boundaries', async () => {
    const statuses = [0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0];
    const issuer = await use.issuer((s) => s.setList('1', 1, statuses));
    const under = await use.verifier(issuer);
    const tokens = await Promise.all(
      statuses.map((_, idx) => issuer.token({ status: issuer.server.statusClaim('1', idx) })),
    );
    await afterFetch(under, tokens[0] as string);
    expect(tokens.map((token) => outcome(under.verifier.verify(token)))).toEqual(
      statuses.map((s) => (s === 0 ? 'valid' : 'invalid:revoked')),
    );
  });

  test('refuses an application-specific value of an 8-bit list (0x0B) as status_not_valid', async () => {
    const issuer = await use.issuer((s) => s.setList('8', 8, [0, 0x0b, 0xff]));
    const under = await use.verifier(issuer);
    const token = await issuer.token({ status: issuer.server.statusClaim('8', 1) });
    expect(await afterFetch(under, token)).toBe('invalid:status_not_valid');
    const last = await issuer.token({ status: issuer.server.statusClaim('8', 2) });
    expect(outcome(under.verifier.verify(last))).toBe('invalid:status_not_valid');
  });

  test('a VALID token keeps its status claim and other status mechanisms beside status_list', async () => {
    const issuer = await use.issuer((s) => s.setList('2', 2, [0]));
    const under = await use.verifier(issuer);
    const status = { ...issuer.server.statusClaim('2', 0), other_mechanism: { id: 7 } };
    const token = await issuer.token({ status });
    expect(await afterFetch(under, token)).toBe('valid');
    expect(under.verifier.verify(token)).toMatchObject({ status: 'valid', form: 'jws', claims: { status } });
  });
});

describe('status references', () => {
  test('refuses an index past the end of the list as invalid_status_reference', async () => {
    // Four 2-bit entries fill one byte: indexes 0 to 3 exist.
    const issuer = await use.issuer((s) => s.setList('2', 2, [0, 0, 0, 0]));
    const under = await use.verifier(issuer);
    const inside = await issuer.token({ status: issuer.server.statusClaim('2', 3) });
    expect(await afterFetch(under, inside)).toBe('valid');
    for (const idx of [4, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      const past = await issuer.token({ status: issuer.server.statusClaim('2', idx) });
      expect(outcome(under.verifier.verify(past)), String(idx)).toBe('invalid:invalid_status_reference');
    }
  });

  test.each([
    ['another host', 'http://127.0.0.2:1/lists/1'],
    ['https to the same host', 'https://127.0.0.1/lists/1'],
    ['a path beside the allowed prefix', '/jwks'],
    ['a path leaving the prefix by dot segments', '/lists/../jwks'],
    ['a percent-encoded slash', '/lists/..%2Fjwks'],
    ['credentials in the URL', '//user:pw@127.0.0.1:PORT/lists/1'],
    ['not a URL', 'list one'],
  ])(
    'refuses a uri outside allowedUris (%s) as invalid_status_reference at once, without a request',
    async (_, uri) => {
      const issuer = await use.issuer((s) => s.setList('1', 1, [0, 0]));
      const under = await use.verifier(issuer);
      const { server } = issuer;
      const port = new URL(server.url).port;
      const named = uri.startsWith('//')
        ? `http:${uri.replace('PORT', port)}`
        : uri.startsWith('/')
          ? `${server.url}${uri}`
          : uri;
      const before = requests(server);
      const token = await issuer.token({ status: { status_list: { idx: 0, uri: named } } });
      expect(outcome(under.verifier.verify(token))).toBe('invalid:invalid_status_reference');
      expect(outcome(under.verifier.verify(token))).toBe('invalid:invalid_status_reference');
      await settle(50);
      expect(requests(server)).toBe(before);
      expect(under.fetches()).toEqual({});
    },
  );

  test.each([
    ['a string', 'revoked'],
    ['null', null],
    ['an array', [{ status_list: { idx: 0, uri: 'LIST' } }]],
    ['an object without status_list', { other: 1 }],
    ['status_list null', { status_list: null }],
    ['status_list without uri', { status_list: { idx: 0 } }],
    ['status_list without idx', { status_list: { uri: 'LIST' } }],
    ['a negative idx', { status_list: { idx: -1, uri: 'LIST' } }],
    ['a fractional idx', { status_list: { idx: 1.5, uri: 'LIST' } }],
    ['an idx given as a string', { status_list: { idx: '0', uri: 'LIST' } }],
    ['an idx beyond 2^53', { status_list: { idx: 2 ** 53, uri: 'LIST' } }],
    ['a uri that is not a string', { status_list: { idx: 0, uri: ['LIST'] } }],
  ])(
    'refuses a malformed status claim (%s) as invalid_status_reference, without a request',
    async (_, claim) => {
      const issuer = await use.issuer((s) => s.setList('1', 1, [0]));
      const under = await use.verifier(issuer);
      const status = JSON.parse(
        JSON.stringify(claim).replaceAll('"LIST"', JSON.stringify(issuer.server.uri('1'))),
      );
      const before = requests(issuer.server);
      const token = await issuer.token({ status });
      expect(outcome(under.verifier.verify(token))).toBe('invalid:invalid_status_reference');
      await settle(30);
      expect(requests(issuer.server)).toBe(before);
    },
  );

  test('no arbitrary JSON status claim gets a token accepted or makes the verifier fetch outside allowedUris', async () => {
    const issuer = await use.issuer((s) => s.setList('1', 1, [0]));
    const under = await use.verifier(issuer);
    const { server } = issuer;
    const before = requests(server);
    const uri = fc.oneof(
      fc.webUrl(),
      fc.string(),
      fc.constant(`${server.url}/jwks`),
      fc.constant(server.url),
    );
    const claim = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ status_list: fc.record({ idx: fc.jsonValue({ maxDepth: 1 }), uri }) }),
      fc.record({ status_list: fc.record({ idx: fc.nat(), uri }) }),
    );
    await fc.assert(
      fc.asyncProperty(claim, async (status) => {
        const token = await issuer.token({ status });
        const verdict = outcome(under.verifier.verify(token));
        expect(verdict).toBe('invalid:invalid_status_reference');
      }),
      { numRuns: 150 },
    );
    await settle(50);
    expect(requests(server)).toBe(before);
  });
});

describe('mode', () => {
  test("'required' refuses a token without a status claim as missing_claim and checks one that has it", async () => {
    const issuer = await use.issuer((s) => s.setList('1', 1, [0, 1]));
    const under = await use.verifier(issuer, { mode: 'required' });
    expect(outcome(under.verifier.verify(await issuer.token()))).toBe('invalid:missing_claim');
    const token = await issuer.token({ status: issuer.server.statusClaim('1', 1) });
    expect(await afterFetch(under, token)).toBe('invalid:revoked');
  });

  test("'when-present' accepts a token without a status claim at once, without fetching any list", async () => {
    const issuer = await use.issuer((s) => s.setList('1', 1, [1]));
    const under = await use.verifier(issuer, { mode: 'when-present' });
    expect(outcome(under.verifier.verify(await issuer.token()))).toBe('valid');
    await settle(30);
    expect(issuer.server.count('1')).toBe(0);
  });
});

describe('the deny-list and a status list on the same token', () => {
  test('revoke(jti) refuses at once a token whose list entry is VALID, its cached verdict included', async () => {
    const issuer = await use.issuer((s) => s.setList('2', 2, [0, 2]));
    const under = await use.verifier(issuer);
    const token = await issuer.token({ jti: 'order-7', status: issuer.server.statusClaim('2', 0) });
    expect(await afterFetch(under, token)).toBe('valid');
    under.verifier.revoke?.('order-7', Math.floor(Date.now() / 1000) + 3600);
    expect(outcome(under.verifier.verify(token))).toBe('invalid:revoked');
  });

  test('revoke(jti) wins over a SUSPENDED entry and over a list that cannot be had', async () => {
    const issuer = await use.issuer((s) => s.setList('2', 2, [0, 2]));
    const under = await use.verifier(issuer);
    const suspended = await issuer.token({ jti: 'order-8', status: issuer.server.statusClaim('2', 1) });
    expect(await afterFetch(under, suspended)).toBe('invalid:suspended');
    issuer.server.mode = 'http-500';
    issuer.server.setList('down', 1, [0]);
    const unavailable = await issuer.token({ jti: 'order-9', status: issuer.server.statusClaim('down', 0) });
    const until = new Date(Date.now() + 3_600_000);
    under.verifier.revoke?.('order-8', until);
    under.verifier.revoke?.('order-9', until);
    expect(outcome(under.verifier.verify(suspended))).toBe('invalid:revoked');
    expect(outcome(under.verifier.verify(unavailable))).toBe('invalid:revoked');
    // Revoked before its list was ever named: the deny-list answers first and no fetch starts.
    await settle(30);
    expect(issuer.server.count('down')).toBe(0);
  });

  test('a REVOKED list entry is refused as revoked while the deny-list document cannot be had; a VALID one is status_unavailable', async () => {
    const denied = await startDenyListServer();
    denied.mode = 'http-500';
    try {
      const issuer = await use.issuer((s) => s.setList('1', 1, [0, 1]));
      const under = await use.verifier(issuer, {}, { denyList: { url: denied.documentUrl } });
      captureDiag();
      const valid = await issuer.token({ status: issuer.server.statusClaim('1', 0) });
      const revoked = await issuer.token({ status: issuer.server.statusClaim('1', 1) });
      await under.verifier.admit?.(valid);
      expect(outcome(under.verifier.verify(revoked))).toBe('invalid:revoked');
      expect(outcome(under.verifier.verify(valid))).toBe('unverified:status_unavailable');
    } finally {
      await denied.stop();
    }
  });
});
