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
  BAGGAGE_JWT_ENTRIES_PROOF,
  BAGGAGE_JWT_SUBJECT_PROOF,
} from '../attribute-keys.js';
import { BoundedCache } from '../internal/bounded-cache.js';
import { sharesTokenPiece, tokenPieces } from '../redaction/token-material.js';
import type { ValidResult } from '../verifier/verify-result.js';
import { encodeBaggageEntry } from './baggage-codec.js';
import { baggageText, type ClaimValue, claimValue, type ValueLimits } from './claim-values.js';
import { PROOF_CHARS } from './subject-proof.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** What one verified token contributes to telemetry; derived once per verified result. */
export interface Identity {
  readonly attributes: Attributes;
  /** Auth baggage entries, within the byte budget, in configuration order. */
  readonly baggage: readonly (readonly [string, BaggageEntry])[];
  /** Proof digest of (issuer, subject); undefined for a token without a subject. */
  readonly subjectDigest: string | undefined;
  /** Whether the token carries an RFC 8693 `act` claim. */
  readonly delegated: boolean;
  /** The token's identifying pieces (see `tokenPieces`), kept so a repeated token does not cut them again. */
  readonly pieces: readonly string[];
}

/** Subjects whose digests are kept, per issuer: the subjects active at once, most of the time. */
const SUBJECT_DIGESTS = 4096;

interface SubjectDigests {
  pseudonym: string | undefined;
  proof: string | undefined;
}

const BUILT_IN: ValueLimits = { maxValueChars: 256, maxItems: 64, splitSpaces: false };
const SCOPES: ValueLimits = { ...BUILT_IN, splitSpaces: true };
const MAX_ACTORS = 8;
/**
 * Room kept in the budget for the two proof entries inject adds: the subject proof, and the entries
 * proof without its key list (each entry offered pays for its own key in that list).
 */
const PROOF_RESERVE =
  encodeBaggageEntry(BAGGAGE_JWT_SUBJECT_PROOF, { value: 'x'.repeat(PROOF_CHARS) }).length +
  1 +
  encodeBaggageEntry(BAGGAGE_JWT_ENTRIES_PROOF, { value: 'k1.'.padEnd(26, 'x') }).length +
  1;
/** A key's share of the entries proof list: the key and an encoded comma (`%2C`). */
const listed = (key: string) => encodeURIComponent(key).length + 3;

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= BUILT_IN.maxValueChars
    ? value
    : undefined;
}

/** Whether a claim value may be written as it is: no piece of the token it came from rides along. */
function clean(value: ClaimValue, token: string): boolean {
  if (typeof value === 'string') return !sharesTokenPiece(value, token);
  return typeof value !== 'object' || value.every((item) => !sharesTokenPiece(item, token));
}

/** A built-in string claim that may be written raw: short, well-formed, free of token material. */
function plainText(value: unknown, token: string): string | undefined {
  const text = shortString(value);
  const checked = text === undefined ? undefined : claimValue(text, BUILT_IN);
  return typeof checked === 'string' && clean(checked, token) ? checked : undefined;
}

/**
 * Results of the verified-token cache are the same object on every hit, so a WeakMap keyed by them
 * makes a repeated token cost one lookup here, and entries go when the cache lets the result go.
 */
export class IdentityCache {
  private readonly derived = new WeakMap<ValidResult, Identity>();
  /**
   * The keyed digests of (issuer, subject), by both: each new token of a subject is a new identity, but
   * its `user.hash` and proof digest are those of the subject's earlier tokens. Two HMACs saved per new
   * token; bounded, and exact: a subject never finds another's digests.
   */
  private readonly digests = new Map<string, BoundedCache<string, SubjectDigests>>();

  constructor(private readonly settings: TelemetrySettings) {}

  private digestsOf(issuer: string, subject: string): SubjectDigests {
    // Issuers are the configured ones (a verified token names one), so this map stays that small.
    let ofIssuer = this.digests.get(issuer);
    if (ofIssuer === undefined) {
      ofIssuer = new BoundedCache(SUBJECT_DIGESTS);
      this.digests.set(issuer, ofIssuer);
    }
    let known = ofIssuer.get(subject);
    if (known === undefined) {
      known = { pseudonym: undefined, proof: undefined };
      ofIssuer.set(subject, known);
    }
    return known;
  }

  private pseudonym(issuer: string, subject: string): string {
    const known = this.digestsOf(issuer, subject);
    known.pseudonym ??= this.settings.keys.pseudonym(issuer, subject);
    return known.pseudonym;
  }

  private subjectDigest(issuer: string, subject: string): string {
    const known = this.digestsOf(issuer, subject);
    known.proof ??= this.settings.keys.subjectDigest(issuer, subject);
    return known.proof;
  }

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
    const clientId = plainText(claims.client_id, token) ?? plainText(claims.azp, token);
    if (clientId !== undefined) attributes[ATTR_JWT_CLIENT_ID] = clientId;
    const scopes = claimValue(claims.scope, SCOPES) ?? claimValue(claims.scp, SCOPES);
    const anyScope = typeof scopes !== 'object' || scopes.length > 0;
    if (scopes !== undefined && anyScope && clean(scopes, token)) {
      attributes[ATTR_JWT_SCOPES] = typeof scopes === 'object' ? scopes : [String(scopes)];
    }
    attributes[ATTR_JWT_TOKEN_ID] = plainText(claims.jti, token) ?? keys.fingerprint(token);

    // The verifier's subject (the issuer's subject claim, up to 1024 characters) is digested (pseudonym,
    // proof); only short plain ones are shown raw.
    const { subject } = result;
    // Raw ids are written only when plain; pseudonyms are digests, safe whatever the id holds.
    const show = (id: string) =>
      rawSubjectOnSpans ? (plainText(id, token) ?? '') : this.pseudonym(issuer, id);
    const shownSubject = subject === undefined ? '' : show(subject);
    if (shownSubject !== '') attributes[rawSubjectOnSpans ? ATTR_USER_ID : ATTR_USER_HASH] = shownSubject;
    const actors = actorChain(claims.act);
    const shownActors = actors.map(show).filter((actor) => actor !== '');
    if (shownActors.length > 0) attributes[ATTR_JWT_ACTOR_CHAIN] = shownActors;

    const baggage: [string, BaggageEntry][] = [];
    const omitted: string[] = [];
    const cut: string[] = [];
    let budget = this.settings.maxAuthBaggageBytes - PROOF_RESERVE;
    const offer = (key: string, text: string | undefined) => {
      if (text === undefined) return cut.push(key);
      const size = encodeBaggageEntry(key, { value: text }).length + 1 + listed(key);
      if (size > budget) return cut.push(key);
      budget -= size;
      baggage.push([key, { value: text }]);
    };
    if (subject !== undefined && rawSubjectInBaggage) offer(ATTR_USER_ID, plainText(subject, token));
    for (const rule of this.settings.claimRules) {
      if (!Object.hasOwn(claims, rule.claim)) continue;
      const value = claimValue(claims[rule.claim], rule);
      if (value === undefined || !clean(value, token)) {
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
      subjectDigest: subject === undefined ? undefined : this.subjectDigest(issuer, subject),
      delegated: actors.length > 0,
      pieces: Object.freeze(tokenPieces(token)),
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
