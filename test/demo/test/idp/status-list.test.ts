// The IdP's status list on its own: index allocation, what revoking a session sets, the draft's encoding
// and the reading of a token's `status` claim.
import { randomInt } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StatusList, statusIndexOf } from '../../../../examples/multi-service/src/idp/status-list.ts';

const URI = 'http://127.0.0.1:1/status-lists/1';

/** The bits of a snapshot read back as the draft says, independently of StatusList.statusOf. */
function decode(list: StatusList): (idx: number) => number {
  const { bits, lst } = list.snapshot(Date.now());
  const bytes = inflateSync(Buffer.from(lst, 'base64url'));
  return (idx) => ((bytes[Math.floor((idx * bits) / 8)] ?? 0) >> ((idx * bits) % 8)) & (2 ** bits - 1);
}

describe('StatusList', () => {
  it('hands every token an index of its own, anywhere in the list', () => {
    const list = new StatusList(URI);
    const indices = Array.from({ length: 2_000 }, () => list.allocate('session').idx);
    expect(new Set(indices).size).toBe(indices.length);
    expect(Math.min(...indices)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...indices)).toBeLessThan(16_384);
    // Random, not in issue order: the first tokens are not the list's first bits.
    expect(indices.slice(0, 10)).not.toEqual([...indices.slice(0, 10)].sort((a, b) => a - b));
  });

  it('encodes one bit per token, least significant first, ZLIB-compressed, in a 2 KiB list', () => {
    const list = new StatusList(URI);
    const { idx } = list.allocate('a');
    const { bits, lst } = list.snapshot(Date.now());
    expect(bits).toBe(1);
    expect(lst).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = inflateSync(Buffer.from(lst, 'base64url'));
    expect(bytes).toHaveLength(2_048);
    expect(bytes.every((byte) => byte === 0)).toBe(true);
    list.revoke(idx);
    const after = inflateSync(Buffer.from(list.snapshot(Date.now()).lst, 'base64url'));
    expect(after[idx >> 3]).toBe(1 << (idx & 7));
  });

  it('revokes exactly the tokens of the session ended, whatever the sessions and their order', () => {
    for (let round = 0; round < 50; round += 1) {
      const list = new StatusList(URI);
      const tokens = Array.from({ length: randomInt(1, 60) }, () => {
        const session = randomInt(4) === 0 ? undefined : `s${randomInt(6)}`;
        return { session, idx: list.allocate(session).idx };
      });
      const ended = new Set<string | undefined>();
      const revokedAlone = new Set<number>();
      for (let step = randomInt(0, 5); step > 0; step -= 1) {
        const chosen = tokens[randomInt(tokens.length)];
        if (chosen === undefined) continue;
        list.revoke(chosen.idx);
        if (chosen.session === undefined) revokedAlone.add(chosen.idx);
        else ended.add(chosen.session);
      }
      const read = decode(list);
      for (const { session, idx } of tokens) {
        const expected = (session !== undefined && ended.has(session)) || revokedAlone.has(idx) ? 1 : 0;
        expect(read(idx), `round ${round} index ${idx}`).toBe(expected);
        expect(list.statusOf(idx)).toBe(expected);
      }
    }
  });

  it('ends a session by its grant id, and ends nothing for a session without JWTs', () => {
    const list = new StatusList(URI);
    const first = list.allocate('grant-1').idx;
    const second = list.allocate('grant-1').idx;
    const other = list.allocate('grant-2').idx;
    expect(list.revokeSession('grant-1').sort()).toEqual([first, second].sort());
    expect(list.revokeSession('grant-without-jwts')).toEqual([]);
    expect([list.statusOf(first), list.statusOf(second), list.statusOf(other)]).toEqual([1, 1, 0]);
  });

  it('refuses to revoke an index it never handed out', () => {
    const list = new StatusList(URI);
    expect(() => list.revoke(7)).toThrow('no token has this status index');
  });

  it('remembers when the list was last handed out', () => {
    const list = new StatusList(URI);
    expect(list.lastServedAt).toBeUndefined();
    list.snapshot(1_000);
    list.snapshot(2_500);
    expect(list.lastServedAt).toBe(2_500);
  });
});

describe('statusIndexOf', () => {
  it("reads the index of a token's status claim naming this list", () => {
    expect(statusIndexOf({ status: { status_list: { idx: 42, uri: URI } } }, URI)).toBe(42);
    expect(statusIndexOf({ status: { status_list: { idx: 0, uri: URI } } }, URI)).toBe(0);
  });

  it.each([
    ['no status claim', {}],
    ['a status that is not an object', { status: 'revoked' }],
    ['a null status', { status: null }],
    ['no status_list', { status: { other: {} } }],
    ['a status_list that is not an object', { status: { status_list: [3, URI] } }],
    ['another list', { status: { status_list: { idx: 1, uri: `${URI}0` } } }],
    ['an index as a string', { status: { status_list: { idx: '1', uri: URI } } }],
    ['a negative index', { status: { status_list: { idx: -1, uri: URI } } }],
    ['a fractional index', { status: { status_list: { idx: 1.5, uri: URI } } }],
    ['an unsafe integer index', { status: { status_list: { idx: 2 ** 53, uri: URI } } }],
  ])('finds no index in a token with %s', (_name, claims) => {
    expect(statusIndexOf(claims, URI)).toBeUndefined();
  });
});
