import type { Attributes, BaggageEntry } from '@opentelemetry/api';
import {
  ATTR_JWT_ACTOR_CHAIN,
  ATTR_JWT_BAGGAGE_OMITTED,
  ATTR_JWT_CLAIMS_OMITTED,
  ATTR_JWT_CLIENT_ID,
  ATTR_JWT_ISSUER,
  ATTR_JWT_SCOPES,
  ATTR_JWT_TOKEN_ID,
  ATTR_USER_HASH,
  ATTR_USER_ID,
  BAGGAGE_JWT_SUBJECT_PROOF,
} from './attribute-keys.js';
import { encodeBaggageEntry } from './baggage-codec.js';
import { baggageText, claimValue, type ValueLimits } from './claim-values.js';
import type { TelemetrySettings } from './telemetry-settings.js';
import type { ValidResult } from './verify-result.js';

/** What one verified token contributes to telemetry; derived once per verified result. */
export interface Identity {
  readonly attributes: Attributes;
  /** Auth baggage entries, within the byte budget, in configuration order. */
  readonly baggage: readonly (readonly [string, BaggageEntry])[];
  /** Proof digest of (issuer, subject); undefined for a token without `sub`. */
  readonly subjectDigest: string | undefined;
  /** Whether the token carries an RFC 8693 `act` claim. */
  readonly delegated: boolean;
}

const BUILT_IN: ValueLimits = { maxValueChars: 256, maxItems: 64, splitSpaces: false };
const SCOPES: ValueLimits = { ...BUILT_IN, splitSpaces: true };
const MAX_ACTORS = 8;
/** Room kept in the budget for the proof entry that inject adds. */
const PROOF_RESERVE =
  encodeBaggageEntry(BAGGAGE_JWT_SUBJECT_PROOF, { value: 'k1.'.padEnd(48, 'x') }).length + 1;

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= BUILT_IN.maxValueChars
    ? value
    : undefined;
}

/**
 * Results of the verified-token cache are the same object on every hit, so a WeakMap keyed by them
 * makes a repeated token cost one lookup here, and entries go when the cache lets the result go.
 */
export class IdentityCache {
  private readonly derived = new WeakMap<ValidResult, Identity>();

  constructor(private readonly settings: TelemetrySettings) {}

  of(result: ValidResult, token: string): Identity {
    let identity = this.derived.get(result);
    if (identity === undefined) {
      identity = this.derive(result, token);
      this.derived.set(result, identity);
    }
    return identity;
  }

  private derive(result: ValidResult, token: string): Identity {
    const { claims, issuer } = result;
    const { keys, rawSubjectOnSpans, rawSubjectInBaggage } = this.settings;
    const attributes: Attributes = { [ATTR_JWT_ISSUER]: issuer };
    const clientId = shortString(claims.client_id) ?? shortString(claims.azp);
    if (clientId !== undefined) attributes[ATTR_JWT_CLIENT_ID] = clientId;
    const scopes = claimValue(claims.scope, SCOPES) ?? claimValue(claims.scp, SCOPES);
    if (typeof scopes === 'object') attributes[ATTR_JWT_SCOPES] = scopes;
    else if (typeof scopes === 'string') attributes[ATTR_JWT_SCOPES] = [scopes];
    attributes[ATTR_JWT_TOKEN_ID] = shortString(claims.jti) ?? keys.fingerprint(token);

    const subject = shortString(claims.sub);
    const show = (id: string) => (rawSubjectOnSpans ? id : keys.pseudonym(issuer, id));
    if (subject !== undefined) attributes[rawSubjectOnSpans ? ATTR_USER_ID : ATTR_USER_HASH] = show(subject);
    const actors = actorChain(claims.act);
    if (actors.length > 0) attributes[ATTR_JWT_ACTOR_CHAIN] = actors.map(show);

    const baggage: [string, BaggageEntry][] = [];
    const omitted: string[] = [];
    const cut: string[] = [];
    let budget = this.settings.maxAuthBaggageBytes - PROOF_RESERVE;
    const offer = (key: string, text: string | undefined) => {
      if (text === undefined) return cut.push(key);
      const size = encodeBaggageEntry(key, { value: text }).length + 1;
      if (size > budget) return cut.push(key);
      budget -= size;
      baggage.push([key, { value: text }]);
    };
    if (subject !== undefined && rawSubjectInBaggage) offer(ATTR_USER_ID, subject);
    for (const rule of this.settings.claimRules) {
      if (!(rule.claim in claims)) continue;
      const value = claimValue(claims[rule.claim], rule);
      if (value === undefined) {
        omitted.push(rule.key);
        continue;
      }
      attributes[rule.key] = value;
      if (rule.propagate) offer(rule.key, baggageText(value));
    }
    if (omitted.length > 0) attributes[ATTR_JWT_CLAIMS_OMITTED] = omitted;
    if (cut.length > 0) attributes[ATTR_JWT_BAGGAGE_OMITTED] = cut;
    return Object.freeze({
      attributes: Object.freeze(attributes),
      baggage: Object.freeze(baggage),
      subjectDigest: subject === undefined ? undefined : keys.subjectDigest(issuer, subject),
      delegated: actors.length > 0,
    });
  }
}

/** Subjects of a nested RFC 8693 `act` claim, current actor first; stops at the first malformed level. */
function actorChain(act: unknown): string[] {
  const chain: string[] = [];
  let level = act;
  while (chain.length < MAX_ACTORS && level !== null && typeof level === 'object' && !Array.isArray(level)) {
    const subject = shortString((level as Record<string, unknown>).sub);
    if (subject === undefined) break;
    chain.push(subject);
    level = (level as Record<string, unknown>).act;
  }
  return chain;
}
