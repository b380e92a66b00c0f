import type { Introspections } from '../revocation/introspections.js';
import { type AdmitOutcome, waitUntil } from './admission-checks.js';
import { type ClaimsPolicy, checkClaims } from './claims-policy.js';
import type { IssuerPolicy } from './issuer-policy.js';
import type { RevocationChecks } from './revocation-checks.js';
import { subjectOf } from './subject-claim.js';
import {
  type InvalidResult,
  invalid,
  type JwtClaims,
  unverified,
  type ValidResult,
  type VerifyResult,
} from './verify-result.js';

const INACTIVE = invalid('token_inactive');
const NOT_INTROSPECTED = unverified('not_introspected');
const UNAVAILABLE = unverified('introspection_unavailable');

/**
 * Opaque (reference) access tokens of the one issuer with `introspection`: the synchronous verify reads
 * the answer the admission step fetched (RFC 7662); without one the token is `unverified`. An active
 * answer goes through the issuer's claims checks and the revocation checks, like a verified JWT's claims.
 */
export class IntrospectedTokens {
  /** One frozen result per answer, so that everything keyed by the result (identities) is reused. */
  private readonly results = new WeakMap<object, ValidResult>();

  /**
   * The issuer's claims checks without `status`: a `required` status list is a rule for the issuer's JWTs,
   * and an introspection answer is itself the issuer's word on the token's state.
   */
  private readonly claims: ClaimsPolicy;

  constructor(
    private readonly policy: IssuerPolicy,
    private readonly introspections: Introspections,
    private readonly revocation: RevocationChecks,
  ) {
    this.claims = {
      ...policy.claims,
      presence: policy.claims.presence.filter((name) => name !== 'status'),
    };
  }

  verify(token: string, nowMs: number): VerifyResult {
    const answer = this.introspections.lookup(token, nowMs);
    switch (answer.kind) {
      case 'active':
        return this.judge(answer.claims, nowMs);
      case 'inactive':
        return INACTIVE;
      case 'failed':
        return UNAVAILABLE;
      default:
        return NOT_INTROSPECTED;
    }
  }

  /**
   * Introspects a token with no answer yet, waiting at most `waitMs` in all (0: started, not waited for),
   * for the answer and then for the status list (or deny-list document) an active answer needs;
   * undefined when there is nothing to wait for.
   */
  admit(token: string, nowMs: number, waitMs: number): Promise<AdmitOutcome> | undefined {
    if (this.introspections.lookup(token, nowMs).kind !== 'unknown') return undefined;
    const answered = this.introspections.introspect(token);
    const deadlineMs = nowMs + waitMs;
    return waitUntil(answered, deadlineMs)?.then((outcome) => {
      if (outcome === 'timeout') return outcome;
      const answer = this.introspections.lookup(token, Date.now());
      if (answer.kind !== 'active') return 'ready';
      const result = this.valid(answer.claims, Date.now());
      if (result.status !== 'valid') return 'ready';
      const fetching = this.revocation.pending(result, Date.now());
      return fetching === undefined ? 'ready' : (waitUntil(fetching, deadlineMs) ?? 'timeout');
    });
  }

  private judge(claims: Readonly<Record<string, unknown>>, nowMs: number): VerifyResult {
    const result = this.valid(claims, nowMs);
    return result.status === 'valid' ? this.revocation.check(result, nowMs) : result;
  }

  /** The answer's claims through the issuer's claims checks, as one frozen result per answer. */
  private valid(claims: Readonly<Record<string, unknown>>, nowMs: number): ValidResult | InvalidResult {
    const fault = checkClaims(claims, this.claims, Math.floor(nowMs / 1000));
    if (fault !== undefined) return invalid(fault);
    let result = this.results.get(claims);
    if (result === undefined) {
      result = Object.freeze({
        status: 'valid',
        form: 'introspected',
        header: undefined,
        claims: claims as JwtClaims,
        issuer: this.policy.issuer,
        keyId: undefined,
        subject: subjectOf(claims, this.policy),
      });
      this.results.set(claims, result);
    }
    return result;
  }
}
