import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type DecodedList,
  decodeStatusList,
  type ListBits,
  sameList,
  statusAt,
} from '../../src/revocation/status-list-decode.js';
import { lstOf, packStatuses, zlibBomb } from '../support/status-list-server.js';

// Decoding a list's `lst` (base64url of a ZLIB stream) under a hard bound, and reading entries of 1, 2, 4
// or 8 bits, against the reference encoder of the test support.

const MiB = 1024 * 1024;
const bitsArb = fc.constantFrom<ListBits>(1, 2, 4, 8);

async function decoded(lst: string, bits: ListBits, max = MiB): Promise<DecodedList> {
  const list = await decodeStatusList(lst, bits, max);
  if (typeof list === 'string') throw new Error(list);
  return list;
}

describe('decodeStatusList and statusAt', () => {
  test('the example of draft-ietf-oauth-status-list §4.1 (1 bit) reads as written', async () => {
    // Statuses of indexes 0..15: 1 0 0 1 1 1 0 1 | 1 1 0 0 0 1 0 1 (bytes 0xB9 0xA3).
    const list = await decoded(lstOf(Buffer.from([0xb9, 0xa3])), 1);
    const statuses = Array.from({ length: 16 }, (_, i) => statusAt(list, i));
    expect(statuses).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]);
    expect(list.size).toBe(16);
  });

  test('the 2-bit example of the draft reads as written', async () => {
    // Indexes 0..11: 1 2 0 3 0 1 0 1 1 2 3 3 (bytes 0xC9 0x44 0xF9).
    const list = await decoded(lstOf(Buffer.from([0xc9, 0x44, 0xf9])), 2);
    expect(Array.from({ length: 12 }, (_, i) => statusAt(list, i))).toEqual([
      1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3,
    ]);
  });

  test('every entry of a random list reads back as the reference encoder wrote it, and one past the end is -1', async () => {
    await fc.assert(
      fc.asyncProperty(
        bitsArb,
        fc.array(fc.nat(255), { minLength: 1, maxLength: 600 }),
        async (bits, raw) => {
          const statuses = raw.map((s) => s & ((1 << bits) - 1));
          const list = await decoded(lstOf(packStatuses(statuses, bits)), bits);
          statuses.forEach((status, i) => {
            expect(statusAt(list, i)).toBe(status);
          });
          // The last byte may carry padding entries (value 0); past them, nothing.
          const size = Math.ceil((statuses.length * bits) / 8) * (8 / bits);
          expect(list.size).toBe(size);
          for (let i = statuses.length; i < size; i++) expect(statusAt(list, i)).toBe(0);
          expect(statusAt(list, size)).toBe(-1);
          expect(statusAt(list, Number.MAX_SAFE_INTEGER)).toBe(-1);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('sameList tells equal lists from lists differing in one entry or in bits', async () => {
    await fc.assert(
      fc.asyncProperty(
        bitsArb,
        fc.array(fc.nat(255), { minLength: 1, maxLength: 64 }),
        fc.nat(),
        async (bits, raw, at) => {
          const statuses = raw.map((s) => s & ((1 << bits) - 1));
          const a = await decoded(lstOf(packStatuses(statuses, bits)), bits);
          const b = await decoded(lstOf(packStatuses(statuses, bits)), bits);
          expect(sameList(a, b)).toBe(true);
          const changed = [...statuses];
          const i = at % changed.length;
          changed[i] = ((changed[i] as number) + 1) & ((1 << bits) - 1);
          expect(sameList(a, await decoded(lstOf(packStatuses(changed, bits)), bits))).toBe(false);
          if (bits !== 8) expect(sameList(a, { ...b, bits: (bits * 2) as ListBits })).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('refusals', () => {
  const good = lstOf(Buffer.from([1, 2, 3]));

  test.each([
    ['padded base64url', `${deflateSync(Buffer.from([1, 2, 3, 4])).toString('base64')}=`],
    ['standard base64 characters', deflateSync(Buffer.alloc(64, 0xfb)).toString('base64')],
    ['whitespace in the encoding', `${good.slice(0, 4)} ${good.slice(4)}`],
    ['an empty lst', ''],
    ['bytes that are no ZLIB stream', Buffer.from('not compressed at all').toString('base64url')],
    ['raw DEFLATE without the ZLIB header', deflateRawSync(Buffer.from([1, 2, 3])).toString('base64url')],
    ['a gzip stream', gzipSync(Buffer.from([1, 2, 3])).toString('base64url')],
    ['a truncated stream', deflateSync(Buffer.alloc(100, 7)).subarray(0, 6).toString('base64url')],
    [
      'a stream with a wrong checksum',
      Buffer.concat([deflateSync(Buffer.from([1])).subarray(0, -1), Buffer.from([0])]).toString('base64url'),
    ],
    [
      'trailing bytes after the stream',
      Buffer.concat([deflateSync(Buffer.from([1])), Buffer.from('x')]).toString('base64url'),
    ],
  ])('refuses %s as invalid_list', async (_, lst) => {
    expect(await decodeStatusList(lst, 1, MiB)).toBe('invalid_list');
  });

  test('refuses bits other than 1, 2, 4 or 8 as invalid_list', async () => {
    for (const bits of [0, 3, 16, -1, 1.5]) {
      expect(await decodeStatusList(good, bits as ListBits, MiB)).toBe('invalid_list');
    }
  });

  test('a list of exactly maxListBytes is taken; one byte more is list_too_large', async () => {
    const bytes = Buffer.alloc(4096, 0x55);
    expect((await decoded(lstOf(bytes), 2, 4096)).bytes.length).toBe(4096);
    expect(await decodeStatusList(lstOf(Buffer.alloc(4097, 0x55)), 2, 4096)).toBe('list_too_large');
  });

  test('a decompression bomb (1 MiB inflating to 1 GiB) is refused as list_too_large, with memory bounded near maxListBytes', async () => {
    const lst = zlibBomb(1024 * MiB).toString('base64url');
    expect(lst.length).toBeLessThan(1.5 * MiB);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect(await decodeStatusList(lst, 1, 16 * MiB)).toBe('list_too_large');
    // Peak resident memory since the process started: inflating the whole gigabyte would push it far up.
    const peakKiB = process.resourceUsage().maxRSS;
    expect(peakKiB * 1024 - rssBefore).toBeLessThan(256 * MiB);
    // Refused after about 16 MiB of output, not after inflating the gigabyte.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
