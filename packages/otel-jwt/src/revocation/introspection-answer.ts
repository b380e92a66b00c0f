/** Claims of an active introspection answer (frozen, nested values too), `iss` always present. */
export type IntrospectedClaims = Readonly<Record<string, unknown>> & { readonly iss: string };

/** An introspection answer read, or why it is unusable. */
export type IntrospectionAnswer =
  | {
      readonly kind: 'active';
      readonly claims: IntrospectedClaims;
      /** The answer's `exp` in ms, when it is a number. */
      readonly expMs: number | undefined;
    }
  | { readonly kind: 'inactive' }
  /** Active, with an `iss` other than the issuer's: refused as inactive. */
  | { readonly kind: 'issuer_mismatch' }
  /** Not a JSON object with a boolean `active`, or nested past {@link MAX_ANSWER_DEPTH}. */
  | { readonly kind: 'invalid_response' };

/**
 * Deepest nesting of objects and arrays taken in an answer: the verifier's largest `maxJsonDepth`, and
 * a bound on the recursion that freezes it.
 */
export const MAX_ANSWER_DEPTH = 64;

const INACTIVE: IntrospectionAnswer = Object.freeze({ kind: 'inactive' });
const MISMATCH: IntrospectionAnswer = Object.freeze({ kind: 'issuer_mismatch' });
const INVALID: IntrospectionAnswer = Object.freeze({ kind: 'invalid_response' });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Freezes `value` and what it holds; false (part frozen) when nested deeper than `depth`. */
function freezeWithin(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth === 0) return false;
  for (const member of Object.values(value)) if (!freezeWithin(member, depth - 1)) return false;
  Object.freeze(value);
  return true;
}

/**
 * Reads the body of an introspection answer (RFC 7662 §2.2) for `issuer`'s token. `active: false` is
 * inactive whatever else it holds. An active answer's members but `active` are its claims, `iss` filled
 * in from the issuer when absent. An active answer naming another issuer is that issuer's word on a
 * token it did not make, or an endpoint that is not the issuer's: refused as inactive. Never throws.
 */
export function readIntrospectionAnswer(text: string, issuer: string): IntrospectionAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return INVALID;
  }
  if (!isObject(body) || typeof body.active !== 'boolean') return INVALID;
  if (!body.active) return INACTIVE;
  const { active: _, ...claims } = body;
  if (Object.hasOwn(claims, 'iss')) {
    if (claims.iss !== issuer) return MISMATCH;
  } else {
    claims.iss = issuer;
  }
  if (!freezeWithin(claims, MAX_ANSWER_DEPTH)) return INVALID;
  const { exp } = claims;
  return Object.freeze({
    kind: 'active',
    claims: claims as IntrospectedClaims,
    expMs: typeof exp === 'number' ? exp * 1000 : undefined,
  });
}
