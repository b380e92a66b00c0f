import { decodeBase64url } from '../internal/base64url.js';
import type { KeyRing } from '../keys/key-ring.js';
import { isListBits } from '../revocation/status-list-decode.js';
import type { ListTokenCheck, ListTokenFault, ListTokenOutcome } from '../revocation/status-list-outcomes.js';
import { normalizeTyp } from './header-policy.js';
import { checkSignature } from './signature.js';
import type { TokenParts } from './token-parts.js';

/** What the check of a status list token needs of the issuer whose tokens reference the list. */
export interface ListTokenIssuer {
  readonly issuer: string;
  readonly ring: KeyRing;
  /** The issuer's algorithm allow-list: a list is signed like the issuer's tokens. */
  readonly algorithms: ReadonlySet<string>;
  /** The issuer's remote key source, if any: an unknown `kid` asks it for a refresh, once. */
  readonly source?: { requestRefresh(): Promise<void> | undefined } | undefined;
  readonly clockToleranceSeconds: number;
}

/** draft-ietf-oauth-status-list §5.1: the `typ` of a status list token, normalized as header-policy does. */
const STATUS_LIST_TYP = normalizeTyp('statuslist+jwt');

const faults = new Map<ListTokenFault, ListTokenOutcome>();
function fault(code: ListTokenFault): ListTokenOutcome {
  let outcome = faults.get(code);
  if (outcome === undefined) {
    outcome = Object.freeze({ ok: false, fault: code });
    faults.set(code, outcome);
  }
  return outcome;
}

/**
 * The check {@link StatusLists} runs on each fetched status list token of `issuer`. A list signed with a
 * `kid` the issuer's ring does not hold (yet) asks the issuer's key source for a refresh and is checked
 * once more after it: that is how a rotation of the list's signing key is followed. Never rejects.
 */
export function makeListTokenCheck(issuer: ListTokenIssuer, parts: TokenParts): ListTokenCheck {
  return async (token, uri, nowMs) => {
    const first = checkListToken(issuer, parts, token, uri, nowMs);
    if (first.ok || (first.fault !== 'unknown_key' && first.fault !== 'keys_unavailable')) return first;
    const refresh = issuer.source?.requestRefresh();
    if (refresh === undefined) return first;
    await refresh;
    return checkListToken(issuer, parts, token, uri, Date.now());
  };
}

/**
 * A status list token (draft-ietf-oauth-status-list §5.1, §8.3) checked as strictly as the issuer's own
 * tokens: a compact JWS parsed by the verifier's strict parser, `typ` `statuslist+jwt`, an algorithm of the
 * issuer's allow-list and a key of its ring bound to it, the signature, then the claims: `sub` equal to the
 * URI the list was fetched for, `iat` a number, `exp` (if present) not past and `nbf` (if present) not
 * ahead within the clock tolerance, `iss` (if present) the issuer, `ttl` (if present) a positive number,
 * and `status_list` with `bits` 1, 2, 4 or 8 and a string `lst`. The list itself is decoded afterwards.
 */
export function checkListToken(
  issuer: ListTokenIssuer,
  parts: TokenParts,
  token: string,
  uri: string,
  nowMs: number,
): ListTokenOutcome {
  const firstDot = token.indexOf('.');
  const lastDot = token.lastIndexOf('.');
  if (firstDot < 0 || token.indexOf('.', firstDot + 1) !== lastDot) return fault('malformed');
  const header = parts.header(token.slice(0, firstDot));
  if (typeof header === 'string') return fault(header === 'alg_not_allowed' ? header : 'malformed');
  if (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== STATUS_LIST_TYP) {
    return fault('typ_not_accepted');
  }
  const alg = header.alg as string;
  if (!issuer.algorithms.has(alg)) return fault('alg_not_allowed');
  const lookup = issuer.ring.lookup(header.kid, alg, nowMs);
  if (!lookup.found) return fault(lookup.code);
  if (lookup.key.spec.alg !== alg) return fault('alg_key_mismatch');
  const payload = decodeBase64url(token.slice(firstDot + 1, lastDot));
  const signature = decodeBase64url(token.slice(lastDot + 1));
  if (payload === undefined || signature === undefined) return fault('malformed');
  // Both segments before the last dot decoded as canonical base64url, so the signing input is ASCII.
  if (!checkSignature(lookup.key, Buffer.from(token.slice(0, lastDot), 'latin1'), signature)) {
    return fault('invalid_signature');
  }
  const claims = parts.claims(payload);
  if (typeof claims === 'string') return fault('malformed');
  // A list served for another URI (a misconfigured or malicious server swapping lists) is not this list.
  if (claims.sub !== uri) return fault('subject_mismatch');
  if (claims.iss !== undefined && claims.iss !== issuer.issuer) return fault('issuer_mismatch');
  const { iat, exp, nbf, ttl } = claims;
  const nowSeconds = Math.floor(nowMs / 1000);
  const tolerance = issuer.clockToleranceSeconds;
  if (!isFiniteNumber(iat)) return fault('invalid_claim');
  if (nbf !== undefined) {
    if (!isFiniteNumber(nbf)) return fault('invalid_claim');
    if (nbf > nowSeconds + tolerance) return fault('not_yet_valid');
  }
  if (exp !== undefined) {
    if (!isFiniteNumber(exp)) return fault('invalid_claim');
    if (exp <= nowSeconds - tolerance) return fault('expired');
  }
  if (ttl !== undefined && (!isFiniteNumber(ttl) || ttl <= 0)) return fault('invalid_claim');
  const list = claims.status_list;
  if (list === null || typeof list !== 'object' || Array.isArray(list)) return fault('invalid_list');
  const { bits, lst } = list as Readonly<Record<string, unknown>>;
  if (!isListBits(bits) || typeof lst !== 'string') return fault('invalid_list');
  return {
    ok: true,
    bits,
    lst,
    iatSeconds: iat,
    ttlSeconds: ttl,
    expiresAtMs: exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000,
    usableUntilMs: exp === undefined ? Number.POSITIVE_INFINITY : (exp + tolerance) * 1000,
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
