import type { DenyList } from '../revocation/deny-list.js';
import { parseStatusClaim } from '../revocation/status-claim.js';
import type { StatusLists, StatusLookup } from '../revocation/status-lists.js';
import type { RevocationGate } from './verified-cache.js';
import { invalid, unverified, type ValidResult, type VerifyResult } from './verify-result.js';

/** One issuer's status lists and what a token gets while its list cannot be had. */
export interface IssuerStatusLists {
  readonly lists: StatusLists;
  readonly acceptUnavailable: boolean;
}

/** Status list values (draft-ietf-oauth-status-list §7.1) other than VALID, by the code they refuse with. */
const REVOKED = invalid('revoked');
const SUSPENDED = invalid('suspended');
const NOT_VALID = invalid('status_not_valid');
const BAD_REFERENCE = invalid('invalid_status_reference');
const UNAVAILABLE = unverified('status_unavailable');
const MALFORMED = Object.freeze({ kind: 'malformed' } as const);

/**
 * Whether a token that passed every other check still stands: its `jti` is not on the deny-list and its
 * status list entry (for issuers that check them) is VALID. Runs after the claims checks on a new token,
 * and again on a verified-cache hit whenever a list or the deny-list changed since the hit was checked.
 * A lookup only: lists and the deny-list document are fetched in the background.
 */
export class RevocationChecks implements RevocationGate {
  private readonly issuers: readonly IssuerStatusLists[];

  constructor(
    private readonly byIssuer: ReadonlyMap<string, IssuerStatusLists>,
    private readonly denyList: DenyList,
    private readonly acceptDenyListUnavailable: boolean,
  ) {
    this.issuers = [...byIssuer.values()];
  }

  /** Sum of the sources' generations: each only grows, so the sum changes whenever any of them does. */
  get generation(): number {
    let generation = this.denyList.generation;
    for (const issuer of this.issuers) generation += issuer.lists.generation;
    return generation;
  }

  check(result: ValidResult, nowMs: number): VerifyResult {
    const { claims } = result;
    const jti = claims.jti;
    if (typeof jti === 'string' && this.denyList.denied(jti, nowMs)) return REVOKED;
    // A refusal the status list gives stands even while the deny-list cannot be had: it is definitive.
    const status = this.statusOf(result, nowMs);
    if (status !== result && status !== UNAVAILABLE) return status;
    if (!this.acceptDenyListUnavailable && this.denyList.status(nowMs) === 'unavailable') return UNAVAILABLE;
    return status;
  }

  /** The token's status list entry as a verdict: `result`, a refusal, or `status_unavailable`. */
  private statusOf(result: ValidResult, nowMs: number): VerifyResult {
    const issuer = this.byIssuer.get(result.issuer);
    const found = entryOf(issuer, result, nowMs);
    if (found === undefined) return result;
    switch (found.kind) {
      case 'status':
        return found.value === 0
          ? result
          : found.value === 1
            ? REVOKED
            : found.value === 2
              ? SUSPENDED
              : NOT_VALID;
      case 'unavailable':
        return issuer?.acceptUnavailable ? result : UNAVAILABLE;
      default:
        return BAD_REFERENCE;
    }
  }

  /**
   * What the admission step may wait on for a result refused as `status_unavailable`: the first fetch of
   * the deny-list document or of the token's status list, when one is under way.
   */
  pending(result: ValidResult, nowMs: number): Promise<unknown> | undefined {
    const waits: Promise<unknown>[] = [];
    if (this.denyList.status(nowMs) === 'unavailable' && this.denyList.pending !== undefined)
      waits.push(this.denyList.pending);
    const found = entryOf(this.byIssuer.get(result.issuer), result, nowMs);
    if (found?.kind === 'unavailable' && found.pending !== undefined) waits.push(found.pending);
    return waits.length === 0 ? undefined : Promise.all(waits);
  }

  /** Resolves when the deny-list document's first fetch is done (at once without one). Never rejects. */
  firstLoad(): Promise<void> {
    return (this.denyList.pending ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
  }

  /** An in-process revocation (see `JwtVerifier.revoke`). */
  revoke(jti: string, until: Date | number): void {
    this.denyList.revoke(jti, until);
  }

  close(): void {
    this.denyList.close();
    for (const issuer of this.issuers) issuer.lists.close();
  }
}

/**
 * The token's entry in `issuer`'s status lists (`malformed` for a `status` claim that names none);
 * undefined when its issuer checks no status lists or the token has no `status` claim.
 */
function entryOf(
  issuer: IssuerStatusLists | undefined,
  result: ValidResult,
  nowMs: number,
): StatusLookup | { readonly kind: 'malformed' } | undefined {
  if (issuer === undefined || !Object.hasOwn(result.claims, 'status')) return undefined;
  const reference = parseStatusClaim(result.claims.status);
  return reference === 'malformed' ? MALFORMED : issuer.lists.lookup(reference.uri, reference.idx, nowMs);
}
