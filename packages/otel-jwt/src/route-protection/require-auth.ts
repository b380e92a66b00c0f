import { diagnostics } from '../internal/diagnostics.js';
import type { RequestAuth } from '../propagator/request-auth.js';
import type { ValidResult } from '../verifier/verify-result.js';
import { grantedRoles, grantedScopes } from './granted-claims.js';
import { type RequireAuthConfig, type Requirement, resolveRequirement } from './require-auth-config.js';
import { type RouteAccess, type RouteRefusalReason, type RouteRefused, refusalsOf } from './route-access.js';

/** Decides for one request from what `getAuth(context.active())` returned. Never throws. */
export type RouteGuard = (auth: RequestAuth | undefined) => RouteAccess;

/** Why the request's token itself is refused, before any requirement is looked at; undefined when it verified. */
function tokenRefusal(auth: RequestAuth): RouteRefusalReason | undefined {
  const { result } = auth;
  switch (result.status) {
    case 'valid':
      return undefined;
    case 'absent':
      return 'no_token';
    case 'unverified':
      // Keys not loaded are an outage (503, retry later); an unknown key is most often a token from
      // elsewhere, and a new one of a rotation is fetched in the background: the client's token is at fault.
      return result.code === 'keys_unavailable' ? 'keys_unavailable' : 'invalid_token';
    case 'invalid':
      // RFC 6750 §3.1: more than one token, or an otherwise malformed request, is invalid_request.
      return result.code === 'multiple_tokens' || result.code === 'malformed_authorization'
        ? 'invalid_request'
        : 'invalid_token';
    default:
      return 'invalid_token';
  }
}

/** Why a verified token does not meet the requirement; undefined when it does. */
function requirementRefusal(
  result: ValidResult,
  requirement: Requirement,
  predicateThrew: () => void,
): RouteRefusalReason | undefined {
  const { scopes, roles, rolesClaim, allow } = requirement;
  if (scopes.length > 0) {
    const granted = grantedScopes(result.claims);
    if (!scopes.every((scope) => granted.has(scope))) return 'insufficient_scope';
  }
  if (roles.length > 0) {
    const granted = grantedRoles(result.claims, rolesClaim);
    if (!roles.every((role) => granted.has(role))) return 'missing_role';
  }
  if (allow === undefined) return undefined;
  try {
    return allow(result.claims) === true ? undefined : 'not_allowed';
  } catch {
    predicateThrew();
    return 'not_allowed';
  }
}

/**
 * The guard behind `requireAuth` and its adapters; `path` names the function in configuration errors and
 * diagnostics. Each diagnostic is written once per guard: a misconfigured service must not flood the log.
 */
export function createRouteGuard(config: unknown, path: string): RouteGuard {
  const requirement = resolveRequirement(config, path);
  const refusals = refusalsOf(requirement);
  let warnedUninstrumented = false;
  let warnedPredicate = false;
  const refuse = (reason: RouteRefusalReason): RouteRefused => refusals[reason];
  const predicateThrew = () => {
    if (warnedPredicate) return;
    warnedPredicate = true;
    // Not the error itself: its message may quote a claim.
    diagnostics.warn(`otel-jwt: the allow predicate of ${path} threw; such requests are refused with 403`);
  };
  return (auth) => {
    if (auth === undefined) {
      if (!warnedUninstrumented) {
        warnedUninstrumented = true;
        diagnostics.warn(
          `otel-jwt: ${path} found no otel-jwt state in the active context (getAuth returned undefined), so it answers 500. Register createJwtTelemetry's propagator as the SDK's textMapPropagator and HttpInstrumentation with its httpInstrumentationConfig, load that setup before the application, and in an ESM application register OpenTelemetry's loader hook too`,
        );
      }
      return refuse('not_instrumented');
    }
    const refused = tokenRefusal(auth);
    if (refused !== undefined) return refuse(refused);
    const result = auth.result as ValidResult;
    const unmet = requirementRefusal(result, requirement, predicateThrew);
    return unmet === undefined ? { allowed: true, result } : refuse(unmet);
  };
}

/**
 * A framework-neutral route guard: call it with `getAuth(context.active())` and send the refusal it may
 * return (status, headers and body, all constant) instead of running the handler. A token that verified is
 * always required; `config` adds scopes, roles and a predicate, all of which must hold. Throws a
 * `ConfigurationError` for a mistake in `config`, at creation.
 */
export function requireAuth(config: RequireAuthConfig = {}): RouteGuard {
  return createRouteGuard(config, 'requireAuth');
}
