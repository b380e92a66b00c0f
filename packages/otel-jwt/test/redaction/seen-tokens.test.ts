import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  FINGERPRINT_CAPACITY,
  HOLDS_SEEN_PIECE,
  seenTokens,
  UNVOUCHED_BURST_CHARS,
  UNVOUCHED_CHARS_PER_SECOND,
  UNVOUCHED_PRINTS,
  UNVOUCHED_TOKENS,
  VOUCHED_PRINTS,
  VOUCHED_TOKENS,
} from '../../src/redaction/seen-tokens.js';
import { MAX_TOKEN_CHARS } from '../../src/redaction/token-prints.js';
import { PRINT_WINDOW } from '../../src/redaction/window-hash.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  vi.useRealTimers();
  seenTokens.clear();
});
/** Remembers unvouched tokens a second apart, so the intake allowance never stands in the way. */
function rememberUnvouched(tokens: readonly string[]): void {
  vi.useFakeTimers({ now: 0 });
  for (const token of tokens) {
    vi.advanceTimersByTime(1_000);
    seenTokens.remember(token, 'unvouched');
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A random base64url string: unrelated to any token, for false-positive checks. */
const randomText = (length: number) =>
  Array.from({ length }, () => BASE64URL[Math.floor(Math.random() * 64)]).join('');

describe('pieces of a remembered token', () => {
  test('finds the whole token, each segment and the prefix and suffix of each segment', () => {
    const token = mint({ sub: 'piece-owner' });
    seenTokens.remember(token, 'vouched');
    expect(seenTokens.holdsPiece(`Bearer ${token}`)).toBe(true);
    for (const segment of token.split('.')) {
      expect(seenTokens.holdsPiece(`x ${segment} y`)).toBe(true);
      expect(seenTokens.holdsPiece(`x ${segment.slice(0, 16)} y`)).toBe(true);
      expect(seenTokens.holdsPiece(`x ${segment.slice(-16)} y`)).toBe(true);
    }
    expect(seenTokens.holdsPiece(token.slice(-16))).toBe(true);
  });

  test('finds any piece of 23 characters or more, dots included, wherever it starts', () => {
    const token = mint({ sub: 'window-owner' });
    seenTokens.remember(token, 'vouched');
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 23 }),
        fc.integer({ min: 23, max: 60 }),
        fc.string({ maxLength: 8 }),
        (start, length, around) => {
          const piece = token.slice(start, Math.min(token.length, start + length));
          // Surrounding text that is not token characters keeps the piece's run to itself.
          const pad = around.replace(/[A-Za-z0-9_.-]/g, ' ');
          return seenTokens.holdsPiece(`${pad}${piece}${pad}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('finds any piece of 23 characters or more glued between other token characters', () => {
    const token = mint({ sub: 'winnowed' });
    seenTokens.remember(token, 'vouched');
    const glue = fc.string({ unit: fc.constantFrom(...`${BASE64URL}.`.split('')), maxLength: 30 });
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 23 }),
        fc.integer({ min: 23, max: 40 }),
        glue,
        glue,
        (start, length, before, after) => {
          const piece = token.slice(start, Math.min(token.length, start + length));
          return seenTokens.holdsPiece(`${before}${piece}${after}`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('finds a piece of 16 to 22 characters that starts or ends a segment when it stands apart or meets a dot', () => {
    const token = mint({ sub: 'segment-ends' });
    seenTokens.remember(token, 'vouched');
    for (const segment of token.split('.')) {
      for (let length = 16; length <= 22; length++) {
        const head = segment.slice(0, length);
        const tail = segment.slice(-length);
        expect(seenTokens.holdsPiece(`x=${head}&y`)).toBe(true);
        expect(seenTokens.holdsPiece(`x=${tail}&y`)).toBe(true);
        expect(seenTokens.holdsPiece(`abc.${head}xyz`)).toBe(true);
        expect(seenTokens.holdsPiece(`abc${tail}.xyz`)).toBe(true);
      }
    }
  });

  test('finds a piece glued to other token characters', () => {
    const token = mint({ sub: 'glued' });
    seenTokens.remember(token, 'vouched');
    expect(seenTokens.holdsPiece(`prefix${token.split('.')[2]}suffix`)).toBe(true);
  });

  test('does not find a token that was never remembered', () => {
    seenTokens.remember(mint({ sub: 'remembered' }), 'vouched');
    const other = mint({ sub: 'never-seen', jti: 'other' });
    expect(seenTokens.holdsPiece(other.split('.')[2] as string)).toBe(false);
  });

  test('random base64url text never matches a remembered token', () => {
    for (let i = 0; i < 50; i++) seenTokens.remember(mint({ jti: `t${i}` }), 'vouched');
    for (let i = 0; i < 2000; i++) expect(seenTokens.holdsPiece(randomText(64))).toBe(false);
  });

  test('text shorter than 16 characters holds no piece and a token shorter than 16 is not remembered', () => {
    seenTokens.remember('short-opaque', 'vouched');
    expect(seenTokens.holdsPiece('short-opaque')).toBe(false);
    expect(seenTokens.holdsPiece('')).toBe(false);
  });

  test('an opaque token with characters outside base64url is remembered in its runs', () => {
    const opaque = `${randomText(30)}~${randomText(30)}`;
    seenTokens.remember(opaque, 'vouched');
    expect(seenTokens.holdsPiece(opaque.slice(0, 30))).toBe(true);
    expect(seenTokens.holdsPiece(opaque.slice(31))).toBe(true);
  });

  test('a token longer than 16,384 characters still has its start and end remembered', () => {
    const huge = randomText(40_000);
    seenTokens.remember(huge, 'vouched');
    expect(seenTokens.holdsPiece(huge.slice(0, 16))).toBe(true);
    expect(seenTokens.holdsPiece(huge.slice(-16))).toBe(true);
  });
});

describe('bounded memory', () => {
  test('forgets the oldest token once the capacity is reached', () => {
    const first = mint({ sub: 'first-remembered' });
    seenTokens.remember(first, 'vouched');
    for (let i = 0; i < VOUCHED_TOKENS; i++) seenTokens.remember(randomText(120), 'vouched');
    expect(seenTokens.holdsPiece(first)).toBe(false);
  });

  test('remembering the same token again does not push others out', () => {
    const kept = mint({ sub: 'kept' });
    seenTokens.remember(kept, 'vouched');
    const repeated = mint({ sub: 'repeated' });
    for (let i = 0; i < VOUCHED_TOKENS * 2; i++) seenTokens.remember(repeated, 'vouched');
    expect(seenTokens.holdsPiece(kept)).toBe(true);
  });

  test('a forgotten token leaves no fingerprint behind', () => {
    const tokens = Array.from({ length: VOUCHED_TOKENS }, () => randomText(200));
    for (const token of tokens) seenTokens.remember(token, 'vouched');
    for (let i = 0; i < VOUCHED_TOKENS; i++) seenTokens.remember(randomText(20), 'vouched');
    expect(tokens.some((token) => seenTokens.holdsPiece(token))).toBe(false);
  });
});

describe('bounded by fingerprints, in two pools', () => {
  /** A forged token near the default size limit: issuer-like header, an 8 KB payload, any signature. */
  const nearLimit = () =>
    `eyJhbGciOiJFUzI1NiIsImtpZCI6Ii${randomText(20)}.${randomText(7_900)}.${randomText(86)}`;

  test('tokens of 8 KB are remembered without end: the oldest go, the table stays within its budget', () => {
    // Each leaves about 2,000 fingerprints: once the table held a fixed number of tokens, it filled
    // up after about 300 and its next lookup never returned.
    const tokens = Array.from({ length: 400 }, nearLimit);
    for (const token of tokens) seenTokens.remember(token, 'vouched');
    expect(seenTokens.fingerprints).toBeLessThanOrEqual(VOUCHED_PRINTS);
    const payload = (token: string | undefined) => (token ?? '').split('.')[1] as string;
    expect(seenTokens.holdsPiece(payload(tokens.at(-1)))).toBe(true);
    expect(seenTokens.holdsPiece(payload(tokens[0]))).toBe(false);
    expect(seenTokens.survey(`x ${randomText(2_000)} y`) & HOLDS_SEEN_PIECE).toBe(0);
  });

  test('a flood of unvouched tokens churns its own pool and never pushes out a vouched token', () => {
    const vouched = Array.from({ length: 50 }, () => mint({ jti: randomText(12) }));
    for (const token of vouched) seenTokens.remember(token, 'vouched');
    rememberUnvouched(Array.from({ length: 300 }, nearLimit));
    expect(vouched.every((token) => seenTokens.holdsPiece(token))).toBe(true);
    expect(seenTokens.tokens.vouched).toBe(50);
    expect(seenTokens.tokens.unvouched).toBeLessThanOrEqual(UNVOUCHED_TOKENS);
    expect(seenTokens.fingerprints).toBeLessThanOrEqual(UNVOUCHED_PRINTS + 50 * 200);
  });

  test('the newest unvouched tokens are found, within the unvouched budget', () => {
    const tokens = Array.from({ length: 100 }, () => randomText(1_000));
    rememberUnvouched(tokens);
    expect(seenTokens.tokens.unvouched).toBe(UNVOUCHED_TOKENS);
    expect(tokens.slice(-UNVOUCHED_TOKENS).every((token) => seenTokens.holdsPiece(token))).toBe(true);
    expect(tokens.slice(0, 100 - UNVOUCHED_TOKENS).some((token) => seenTokens.holdsPiece(token))).toBe(false);
  });

  test('an unvouched token that is later vouched for moves to the vouched pool and stays found', () => {
    const token = mint({ sub: 'first-unvouched' });
    seenTokens.remember(token, 'unvouched');
    seenTokens.remember(token, 'vouched');
    expect(seenTokens.tokens).toEqual({ vouched: 1, unvouched: 0, sent: 0 });
    rememberUnvouched(Array.from({ length: UNVOUCHED_TOKENS * 2 }, () => randomText(300)));
    expect(seenTokens.holdsPiece(token)).toBe(true);
  });

  test('a vouched token sent again as unvouched (a gateway forwarding it) stays vouched', () => {
    const token = mint({ sub: 'forwarded' });
    seenTokens.remember(token, 'vouched');
    const generation = seenTokens.generation;
    seenTokens.remember(token, 'unvouched');
    expect(seenTokens.tokens).toEqual({ vouched: 1, unvouched: 0, sent: 0 });
    expect(seenTokens.generation).toBe(generation);
  });

  test('new unvouched tokens are fingerprinted up to an allowance of characters per second, then left out', () => {
    vi.useFakeTimers({ now: 0 });
    const tokens = Array.from({ length: 40 }, () => randomText(4_096));
    for (const token of tokens) seenTokens.remember(token, 'unvouched');
    const burst = UNVOUCHED_BURST_CHARS / 4_096;
    expect(seenTokens.tokens.unvouched).toBe(burst);
    expect(seenTokens.leftOut.unvouched).toBe(40 - burst);
    expect(seenTokens.holdsPiece(tokens[burst - 1] as string)).toBe(true);
    expect(seenTokens.holdsPiece(tokens[burst] as string)).toBe(false);
    // A quarter of a second later, a quarter of the per-second allowance is back.
    vi.advanceTimersByTime(250);
    for (const token of tokens.slice(burst)) seenTokens.remember(token, 'unvouched');
    expect(seenTokens.tokens.unvouched).toBe(burst + UNVOUCHED_CHARS_PER_SECOND / 4 / 4_096);
  });

  test('the intake allowance never holds back a vouched token, nor a repeated unvouched one', () => {
    vi.useFakeTimers({ now: 0 });
    const first = randomText(UNVOUCHED_BURST_CHARS);
    seenTokens.remember(first, 'unvouched');
    const vouched = Array.from({ length: 20 }, () => randomText(4_096));
    for (const token of vouched) seenTokens.remember(token, 'vouched');
    seenTokens.remember(first, 'unvouched');
    expect(seenTokens.leftOut.unvouched).toBe(0);
    expect(seenTokens.tokens).toEqual({ vouched: 20, unvouched: 1, sent: 0 });
  });

  test('a flood of small forged tokens cannot keep out a larger one: the allowance is a debt, not a fit', () => {
    vi.useFakeTimers({ now: 0 });
    const genuine = randomText(1_200);
    let remembered = 0;
    for (let tick = 0; tick < 20_000; tick++) {
      vi.advanceTimersByTime(0.5);
      seenTokens.remember(randomText(200), 'unvouched');
      if (tick % 100 === 99) {
        seenTokens.remember(genuine, 'unvouched');
        if (seenTokens.holdsPiece(genuine)) remembered++;
      }
    }
    // Every 50 ms the genuine token is tried while the flood drains the allowance; it gets in often.
    expect(remembered).toBeGreaterThan(10);
  });

  test("a flood of unvouched tokens never keeps the process's own outgoing credentials from being remembered", () => {
    vi.useFakeTimers({ now: 0 });
    const forged = Array.from({ length: 200 }, () => randomText(4_000));
    for (let i = 0; i < 5_000; i++) seenTokens.remember(`${forged[i % 200]}${i}`, 'unvouched');
    const credential = randomText(1_500);
    seenTokens.remember(credential, 'sent');
    for (let i = 0; i < 5_000; i++) seenTokens.remember(`${forged[i % 200]}x${i}`, 'unvouched');
    expect(seenTokens.holdsPiece(credential)).toBe(true);
    expect(seenTokens.tokens.sent).toBe(1);
  });

  test('the three pools together never hold more fingerprints than the table may', () => {
    expect(VOUCHED_PRINTS + 2 * UNVOUCHED_PRINTS).toBeLessThanOrEqual(FINGERPRINT_CAPACITY);
  });

  test("the most one token can leave, its own windows and its bytes' (each at most one per window), fits the unvouched budget", () => {
    expect(UNVOUCHED_PRINTS).toBeGreaterThanOrEqual(2 * (MAX_TOKEN_CHARS - PRINT_WINDOW + 1));
    // Dots next to every window, and a space so its bytes are fingerprinted too.
    const dotted = `${Array.from({ length: 8_191 }, () => randomText(1)).join('.')} z`;
    rememberUnvouched([dotted]);
    expect(seenTokens.fingerprints).toBeGreaterThan(MAX_TOKEN_CHARS - 1_000);
    expect(seenTokens.fingerprints).toBeLessThanOrEqual(UNVOUCHED_PRINTS);
    const bytes = Buffer.from(`"${dotted.slice(1_000, 1_030)}"`);
    expect(seenTokens.holdsDecodedPiece(bytes, bytes.length)).toBe(true);
  });

  test('tokens of any characters keep every pool within budget, and the newest is found decoded', () => {
    const token = fc.record({
      standing: fc.constantFrom<'vouched' | 'unvouched' | 'sent'>('vouched', 'unvouched', 'sent'),
      text: fc.string({ minLength: 16, maxLength: 4_000 }),
    });
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 30 }), (mix) => {
        seenTokens.clear();
        vi.useFakeTimers({ now: 0 });
        for (const { standing, text } of mix) {
          vi.advanceTimersByTime(1_000);
          seenTokens.remember(text, standing);
        }
        const last = Buffer.from(`\u0000${mix.at(-1)?.text}\u0000`);
        return (
          seenTokens.fingerprints <= FINGERPRINT_CAPACITY && seenTokens.holdsDecodedPiece(last, last.length)
        );
      }),
      { numRuns: 40 },
    );
  });

  test('the largest token fits the unvouched budget whole, dots next to every window included', () => {
    const dotted = Array.from({ length: 8_192 }, () => 'a').join('.');
    rememberUnvouched([dotted]);
    expect(seenTokens.fingerprints).toBeGreaterThan(0);
    expect(seenTokens.holdsPiece(dotted.slice(5_001, 5_017))).toBe(true);
  });

  test('any mix of standings and sizes keeps every pool within budget and finds the newest token', () => {
    const token = fc.record({
      standing: fc.constantFrom<'vouched' | 'unvouched' | 'sent'>('vouched', 'unvouched', 'sent'),
      length: fc.integer({ min: 16, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 40 }), (mix) => {
        seenTokens.clear();
        vi.useFakeTimers({ now: 0 });
        let last = '';
        for (const { standing, length } of mix) {
          last = randomText(length);
          vi.advanceTimersByTime(1_000);
          seenTokens.remember(last, standing);
        }
        const { vouched, unvouched, sent } = seenTokens.tokens;
        return (
          vouched <= VOUCHED_TOKENS &&
          unvouched <= UNVOUCHED_TOKENS &&
          sent <= UNVOUCHED_TOKENS &&
          seenTokens.fingerprints <= FINGERPRINT_CAPACITY &&
          seenTokens.holdsPiece(last.slice(0, 16)) &&
          seenTokens.holdsPiece(last.slice(-16))
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('runs of id characters (hex digits and dashes)', () => {
  const holds = (text: string) => (seenTokens.survey(text) & HOLDS_SEEN_PIECE) !== 0;

  test('a piece made of id characters is found when the remembered token has such a stretch', () => {
    const opaque = `${randomText(20)}~0123456789abcdef-FEDCBA9876543210~${randomText(20)}`;
    seenTokens.remember(mint({ sub: 'plain-token' }), 'vouched');
    seenTokens.remember(opaque, 'vouched');
    expect(holds('id 0123456789abcdef-FEDCBA98765 end')).toBe(true);
  });

  test('a run of id characters is checked again once a token with such a stretch is remembered', () => {
    const stretch = '0123456789abcdef-0123456789ABCDEF';
    seenTokens.remember(mint({ sub: 'before-ids' }), 'vouched');
    expect(holds(`uuid ${stretch}`)).toBe(false);
    seenTokens.remember(`${randomText(10)}.${stretch}.${randomText(10)}`, 'vouched');
    expect(holds(`uuid ${stretch}`)).toBe(true);
  });

  test('a token with a stretch of id characters that was forgotten no longer keeps id runs checked', () => {
    const stretch = 'deadbeef-0123-4567-89ab-cdef01234567';
    seenTokens.remember(`${randomText(30)}.${stretch}`, 'vouched');
    expect(holds(stretch)).toBe(true);
    for (let i = 0; i < VOUCHED_TOKENS; i++) seenTokens.remember(randomText(60), 'vouched');
    expect(holds(stretch)).toBe(false);
    expect(seenTokens.holdsPiece(stretch)).toBe(false);
  });

  test('a mixed run that only starts with id characters is hashed as usual', () => {
    const token = mint({ sub: 'mixed-run' });
    seenTokens.remember(token, 'vouched');
    const signature = token.split('.')[2] as string;
    expect(holds(`deadbeef${signature}`)).toBe(true);
  });
});
