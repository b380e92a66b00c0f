import type { ValidResult } from '../verifier/verify-result.js';
import type { Requirement } from './require-auth-config.js';

/**
 * Why a request was refused, and so its answer:
 * - `no_token` (401): no token in any source; the challenge has no error (RFC 6750 §3.1).
 * - `invalid_token` (401): the token did not verify, or its key is unknown (`unverified` / `unknown_key`).
 * - `invalid_request` (400): two different tokens, or a malformed Authorization header.
 * - `keys_unavailable` (503, `Retry-After`): the issuer's keys are not loaded; no token can be checked.
 * - `insufficient_scope` (403): a required scope is missing; the challenge lists every required scope.
 * - `missing_role` (403): a required role is missing.
 * - `not_allowed` (403): the `allow` predicate did not return `true`.
 * - `not_instrumented` (500): no otel-jwt propagator ran for the request (`getAuth` gave `undefined`).
 */
export type RouteRefusalReason =
  | 'no_token'
  | 'invalid_token'
  | 'invalid_request'
  | 'keys_unavailable'
  | 'insufficient_scope'
  | 'missing_role'
  | 'not_allowed'
  | 'not_instrumented';

/** The request may go on: its token verified and meets every requirement. */
export interface RouteAllowed {
  readonly allowed: true;
  readonly result: ValidResult;
}

/**
 * The answer to send instead of running the handler. Built once per component from its configuration
 * alone (frozen, the same object for every request): it never holds anything the request carried.
 */
export interface RouteRefused {
  readonly allowed: false;
  readonly reason: RouteRefusalReason;
  readonly statusCode: 400 | 401 | 403 | 500 | 503;
  /** Response headers, lower-case names: `content-type`, and `www-authenticate` or `retry-after`. */
  readonly headers: Readonly<Record<string, string>>;
  /** A constant JSON body: `{"error":"<code>"}`, the challenge's error code (see the table in the docs). */
  readonly body: string;
}

/** What `requireAuth` decided for one request. */
export type RouteAccess = RouteAllowed | RouteRefused;

/** An RFC 7230 quoted string: `"` and `\` escaped (the realm is printable ASCII, checked at creation). */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Status, RFC 6750 error code and constant description of each refusal. */
const ANSWERS: Record<
  RouteRefusalReason,
  { status: RouteRefused['statusCode']; error: string; description?: string }
> = {
  no_token: { status: 401, error: 'unauthorized' },
  invalid_token: { status: 401, error: 'invalid_token', description: 'The access token is not valid' },
  invalid_request: {
    status: 400,
    error: 'invalid_request',
    description: 'The request must carry one well-formed Bearer token',
  },
  keys_unavailable: { status: 503, error: 'temporarily_unavailable' },
  insufficient_scope: {
    status: 403,
    error: 'insufficient_scope',
    description: 'The access token lacks a required scope',
  },
  missing_role: {
    status: 403,
    error: 'insufficient_scope',
    description: 'The access token does not grant access to this resource',
  },
  not_allowed: {
    status: 403,
    error: 'insufficient_scope',
    description: 'The access token does not grant access to this resource',
  },
  not_instrumented: { status: 500, error: 'server_error' },
};

/** The `WWW-Authenticate` value of a challenge, or undefined for answers that are not one (500, 503). */
function challenge(reason: RouteRefusalReason, requirement: Requirement): string | undefined {
  const { status, error, description } = ANSWERS[reason];
  if (status === 500 || status === 503) return undefined;
  const params: string[] = [];
  if (requirement.realm !== undefined) params.push(`realm=${quoted(requirement.realm)}`);
  // RFC 6750 §3.1: a request without authentication information gets no error code or description.
  if (reason !== 'no_token') params.push(`error=${quoted(error)}`);
  if (description !== undefined) params.push(`error_description=${quoted(description)}`);
  // Scope tokens hold no `"` or `\` (checked at creation): the list needs no escaping.
  if (reason === 'insufficient_scope') params.push(`scope=${quoted(requirement.scopes.join(' '))}`);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

/** Every refusal of a component, built at creation from its configuration only. */
export function refusalsOf(requirement: Requirement): Readonly<Record<RouteRefusalReason, RouteRefused>> {
  const refusals = {} as Record<RouteRefusalReason, RouteRefused>;
  for (const reason of Object.keys(ANSWERS) as RouteRefusalReason[]) {
    const { status, error } = ANSWERS[reason];
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const value = challenge(reason, requirement);
    if (value !== undefined) headers['www-authenticate'] = value;
    if (status === 503) headers['retry-after'] = String(requirement.retryAfterSeconds);
    refusals[reason] = Object.freeze({
      allowed: false,
      reason,
      statusCode: status,
      headers: Object.freeze(headers),
      body: JSON.stringify({ error }),
    });
  }
  return Object.freeze(refusals);
}
