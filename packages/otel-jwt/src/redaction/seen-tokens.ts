import { decodedHoldsPiece } from './decoded-scan.js';
import { FingerprintTable } from './fingerprint-table.js';
import { hasAnyIdWindow } from './id-windows.js';
import { IntakeAllowance } from './intake-allowance.js';
import { holdsStoredWindow } from './piece-scan.js';
import { SeenTokenPool } from './seen-token-pool.js';
import { surveyText } from './text-survey.js';
import { MAX_TOKEN_CHARS, rememberedPrints } from './token-prints.js';
import { BASE_A, BASE_B, fingerprint, PRINT_WINDOW } from './window-hash.js';

/**
 * Fingerprints of the credentials this process has seen recently, so redaction can find a piece of one
 * in any string without keeping them in clear. Each token leaves the fingerprints of the 16-character
 * windows (dots included) that winnowing chooses, plus those at the ends of its segments
 * (token-prints.ts); a string is scanned the same way (piece-scan.ts). That finds the token, every
 * segment, every 16+ character piece that starts or ends a segment and is set off from other token
 * characters (or meets a dot), and any piece of `PRINT_WINDOW + BLOCK - 1` (23) or more characters.
 *
 * Tokens are held in three pools, each with its own budget of tokens and of fingerprints, oldest
 * forgotten first: those a signature check vouched for (the issuer signed them), inbound tokens it could
 * not check (their key is not loaded yet) and credentials the process sends (outgoing `Authorization`).
 * Anyone can send the second kind, and a gateway forwards whatever its clients send as the third, so
 * each of those is fingerprinted within a per-second allowance of its own (intake-allowance.ts) and
 * churns only its own small pool: a flood never pushes out a vouched token, nor keeps the process's own
 * credentials from being remembered. The budgets together fill at most half of the table, so its probes
 * stay short and never loop.
 */
export type TokenStanding = 'vouched' | 'unvouched' | 'sent';
/** Vouched tokens remembered: 1,024, about one fingerprint per 4 characters each. */
export const VOUCHED_TOKENS = 1024;
/** Fingerprints of vouched tokens: 1,024 tokens of up to 750 characters, or fewer larger ones. */
export const VOUCHED_PRINTS = 196_608;
/** Unvouched (and, as many, sent) tokens remembered. */
export const UNVOUCHED_TOKENS = 64;
/** Fingerprints of unvouched (and of sent) tokens: at least the most one token leaves (16,384 characters). */
export const UNVOUCHED_PRINTS = 32_768;
/**
 * Characters of new unvouched (and, separately, sent) tokens fingerprinted per second, and at most at
 * once: fingerprinting costs about 30-60 ns a character, so a flood of forged tokens near the size
 * limit can spend at most a few percent of a core on it. Within it, hundreds of new tokens a second
 * are still remembered (a key rotation's first tokens); past it, a new one is caught by its shape only
 * until the allowance refills, as it would be once 64 newer neighbours in its pool pushed it out.
 */
export const UNVOUCHED_CHARS_PER_SECOND = 262_144;
export const UNVOUCHED_BURST_CHARS = 65_536;
/** 2^19 slots (6 MB): at most half of them used, by all three budgets together. */
const TABLE_BITS = 19;
/** Fingerprints the table holds at most; the three budgets add up to no more (a test checks). */
export const FINGERPRINT_CAPACITY = 1 << (TABLE_BITS - 1);
/** Flags of {@link SeenTokens.survey} (text-survey.ts). */
export { HAS_EQUALS, HAS_QUOTE, HOLDS_SEEN_PIECE, MAY_BE_ENCODED, MAY_BE_SHAPED } from './text-survey.js';

/** Identifies a token by its length and last 16 characters (the end of its signature). */
function tailPrint(token: string): number {
  let a = token.length;
  let b = token.length;
  for (let i = token.length - PRINT_WINDOW; i < token.length; i++) {
    const code = token.charCodeAt(i);
    a = (Math.imul(a, BASE_A) + code) | 0;
    b = (Math.imul(b, BASE_B) + code) | 0;
  }
  return fingerprint(a, b);
}

class SeenTokens {
  /** Window fingerprints of the remembered tokens, counted; made on the first token. */
  private table: FingerprintTable | undefined;
  private readonly vouched = new SeenTokenPool(VOUCHED_TOKENS, VOUCHED_PRINTS);
  private readonly unvouched = new SeenTokenPool(UNVOUCHED_TOKENS, UNVOUCHED_PRINTS);
  private readonly sent = new SeenTokenPool(UNVOUCHED_TOKENS, UNVOUCHED_PRINTS);
  private readonly intake = {
    unvouched: new IntakeAllowance(UNVOUCHED_CHARS_PER_SECOND, UNVOUCHED_BURST_CHARS),
    sent: new IntakeAllowance(UNVOUCHED_CHARS_PER_SECOND, UNVOUCHED_BURST_CHARS),
  };

  /**
   * Changes whenever a token is added (or all are forgotten): a string judged clean at an earlier
   * generation may hold a piece of a token added since, so it must be judged again.
   */
  generation = 0;

  /**
   * Remembers a credential of the given standing. A token already remembered costs one 16-character
   * hash; one remembered unvouched or sent and now vouched moves to the vouched pool.
   */
  remember(token: string, standing: TokenStanding): void {
    if (token.length < PRINT_WINDOW) return;
    const tail = tailPrint(token);
    if (this.vouched.has(tail)) return;
    const holder = this.unvouched.has(tail) ? this.unvouched : this.sent.has(tail) ? this.sent : undefined;
    if (holder !== undefined) {
      if (standing !== 'vouched') return;
      holder.remove(this.table as FingerprintTable, tail);
    } else if (
      standing !== 'vouched' &&
      !this.intake[standing].admit(Math.min(token.length, MAX_TOKEN_CHARS), Date.now())
    ) {
      return;
    }
    this.generation++;
    this.table ??= new FingerprintTable(TABLE_BITS);
    const table = this.table;
    // Rebuilding the filter scans the whole table (about a millisecond); it happens once per some
    // hundred thousand fingerprints forgotten, when they left many stale bits.
    if (table.stale) table.compact();
    const pool = standing === 'vouched' ? this.vouched : standing === 'sent' ? this.sent : this.unvouched;
    pool.add(table, tail, rememberedPrints(token), hasAnyIdWindow(token));
  }

  /** New unvouched and sent tokens left out for want of allowance, since start or `clear`. */
  get leftOut(): { readonly unvouched: number; readonly sent: number } {
    return { unvouched: this.intake.unvouched.refused, sent: this.intake.sent.refused };
  }

  /** Fingerprints held in the table: at most {@link FINGERPRINT_CAPACITY}. */
  get fingerprints(): number {
    return this.table?.size ?? 0;
  }

  /** Tokens remembered of each standing. */
  get tokens(): { readonly vouched: number; readonly unvouched: number; readonly sent: number } {
    return { vouched: this.vouched.size, unvouched: this.unvouched.size, sent: this.sent.size };
  }

  /** Whether any token is remembered: when none is, callers can skip the scan. */
  get active(): boolean {
    return this.table !== undefined;
  }

  /** The redaction's cheap questions about `text`, as flags (text-survey.ts). */
  survey(text: string): number {
    return surveyText(text, this.table, this.skipsIds);
  }

  /**
   * Whether runs made only of id characters can be passed over: true while no remembered token has 16
   * of them in a row, nor its base64 (encoded-runs.ts).
   */
  get skipsIds(): boolean {
    return (
      this.vouched.tokensWithIdWindows +
        this.unvouched.tokensWithIdWindows +
        this.sent.tokensWithIdWindows ===
      0
    );
  }

  /** Whether decoded bytes (encoded-runs.ts) hold a piece of a remembered token or JWT-shaped text. */
  holdsDecodedPiece(bytes: Uint8Array, length: number): boolean {
    return decodedHoldsPiece(this.table, bytes, length);
  }

  /** Whether `text[from, to)` holds a piece of a remembered token (piece-scan.ts). */
  holdsPiece(text: string, from = 0, to = text.length): boolean {
    const table = this.table;
    if (table === undefined || to - from < PRINT_WINDOW) return false;
    return holdsStoredWindow(table, text, from, to);
  }

  clear(): void {
    this.generation++;
    this.intake.unvouched.reset();
    this.intake.sent.reset();
    this.vouched.clear();
    this.unvouched.clear();
    this.sent.clear();
    this.table = undefined;
  }
}

/**
 * One registry per process, shared by every copy of the package (an ESM and a CJS copy may both be
 * loaded), because a token one component saw must be redacted wherever it shows up. The instance
 * hashes with its own module's code, so copies agree; the key is versioned should that code change.
 */
const GLOBAL_KEY = Symbol.for('otel-jwt.seen-tokens.v2');
const holder = globalThis as { [GLOBAL_KEY]?: SeenTokens };
holder[GLOBAL_KEY] ??= new SeenTokens();
export const seenTokens: SeenTokens = holder[GLOBAL_KEY];
export type { SeenTokens };
