// The IdP's Token Status List (draft-ietf-oauth-status-list): one bit per JWT access token it issued, set
// when the token's session is revoked. Services fetch the list (as a signed status list token) and look the
// bit up themselves, so the IdP never learns which token was used where.
import { randomInt } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Indices are handed out at random in a list this large (2 KiB), so an index tells nothing about when a
 * token was issued or to whom, and the list says little about how many tokens exist (the draft's herd
 * privacy). A demo run issues a few dozen tokens.
 */
const CAPACITY = 16_384;

/** The `status` claim of a token: `{ status_list: { idx, uri } }`. */
export interface StatusReference {
  readonly idx: number;
  readonly uri: string;
}

export class StatusList {
  /** Where the list is served: the `uri` of every token's `status_list` and the `sub` of the list token. */
  readonly uri: string;
  readonly #bits = new Uint8Array(CAPACITY / 8);
  /** Every index handed out, and the session (grant id) of its token, if it has one. */
  readonly #sessionOf = new Map<number, string | undefined>();
  #lastServedAt: number | undefined;

  constructor(uri: string) {
    this.uri = uri;
  }

  /** A fresh index for a new token of `session`; throws when the list is full. */
  allocate(session: string | undefined): StatusReference {
    if (this.#sessionOf.size >= CAPACITY / 2) throw new Error('the status list is full');
    let idx = randomInt(CAPACITY);
    while (this.#sessionOf.has(idx)) idx = randomInt(CAPACITY);
    this.#sessionOf.set(idx, session);
    return { idx, uri: this.uri };
  }

  /** The session of the token given `idx`; undefined for a token issued outside any session. */
  sessionOf(idx: number): string | undefined {
    return this.#sessionOf.get(idx);
  }

  /** Sets the bit of `idx` and of every other token of its session; returns the indices set. */
  revoke(idx: number): number[] {
    if (!this.#sessionOf.has(idx)) throw new Error('no token has this status index');
    const session = this.#sessionOf.get(idx);
    return session === undefined ? this.#set([idx]) : this.revokeSession(session);
  }

  /** Sets the bit of every token of `session`; returns the indices set (none when it has no JWT). */
  revokeSession(session: string): number[] {
    return this.#set([...this.#sessionOf].filter(([, owner]) => owner === session).map(([idx]) => idx));
  }

  #set(indices: number[]): number[] {
    for (const idx of indices) this.#bits[idx >> 3] = (this.#bits[idx >> 3] ?? 0) | (1 << (idx & 7));
    return indices;
  }

  /** The status of `idx`: 1 (INVALID) once revoked, else 0 (VALID). */
  statusOf(idx: number): 0 | 1 {
    return (((this.#bits[idx >> 3] ?? 0) >> (idx & 7)) & 1) as 0 | 1;
  }

  /**
   * The `status_list` claim: one bit per token, token i in bit i % 8 (least significant first) of byte
   * i / 8, the bytes ZLIB-compressed (RFC 1950) and base64url-encoded. Remembers when it was last handed
   * out: until then plus the list's `ttl`, a service may still act on what it said.
   */
  snapshot(now: number): { readonly bits: 1; readonly lst: string } {
    this.#lastServedAt = now;
    return { bits: 1, lst: deflateSync(this.#bits, { level: 9 }).toString('base64url') };
  }

  /** When the list was last handed out (ms since the epoch); undefined before the first fetch. */
  get lastServedAt(): number | undefined {
    return this.#lastServedAt;
  }
}

/** The index of a token's `status` claim in the list at `uri`; undefined when it names none there. */
export function statusIndexOf(claims: Readonly<Record<string, unknown>>, uri: string): number | undefined {
  const status = claims.status;
  if (typeof status !== 'object' || status === null) return undefined;
  const reference: unknown = (status as { status_list?: unknown }).status_list;
  if (typeof reference !== 'object' || reference === null) return undefined;
  const { idx, uri: named } = reference as Partial<Record<keyof StatusReference, unknown>>;
  return named === uri && typeof idx === 'number' && Number.isSafeInteger(idx) && idx >= 0 ? idx : undefined;
}
