import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import type { JwtClaims } from '../verifier/verify-result.js';

/**
 * What a route requires of the request's token, and how a refusal is answered: the one option object of
 * `requireAuth` and of its node:http, Express and Fastify adapters. A token that verified is always
 * required; every requirement given here must hold as well (all of them, each one in full).
 */
export interface RequireAuthConfig {
  /**
   * Scopes the token must hold, every one of them: "all of", never "any of" (use `allow` for that).
   * Read from the `scope` claim (space-delimited) or, when it has none, `scp` (a space-delimited string or an
   * array of strings), and compared exactly (scopes are case-sensitive). Each is an RFC 6749 scope token:
   * printable ASCII other than space, `"` and `\`. A refusal lists them all in the challenge. Default: none.
   */
  readonly scopes?: readonly string[];
  /**
   * Roles the token must hold, every one of them (all of), from the claim `rolesClaim`: an array (its string
   * items) or a single string (one role). Default: none.
   */
  readonly roles?: readonly string[];
  /** Top-level claim holding the roles; only with `roles`. Default: `'roles'`. */
  readonly rolesClaim?: string;
  /**
   * Anything else (any of several roles, a tenant, a nested claim such as Keycloak's `realm_access.roles`):
   * called with the verified claims once scopes and roles hold. Only `true` allows; any other value, or a
   * throw, refuses with 403. Default: none.
   */
  readonly allow?: (claims: JwtClaims) => boolean;
  /**
   * The `realm` of every challenge (`WWW-Authenticate: Bearer realm="..."`): 1 to 256 printable ASCII
   * characters, written as an RFC 7230 quoted string. Default: none (challenges carry no realm).
   */
  readonly realm?: string;
  /**
   * `Retry-After` of the 503 answered while the issuer's keys are unavailable, in seconds, 1 to 3600.
   * Default: 30 (the default `keyRefresh.cooldownSeconds`).
   */
  readonly retryAfterSeconds?: number;
}

/** A {@link RequireAuthConfig} checked, with its defaults applied. */
export interface Requirement {
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly rolesClaim: string;
  readonly allow: ((claims: JwtClaims) => boolean) | undefined;
  readonly realm: string | undefined;
  readonly retryAfterSeconds: number;
}

const OPTIONS = ['scopes', 'roles', 'rolesClaim', 'allow', 'realm', 'retryAfterSeconds'];
/** RFC 6749 §3.3: scope-token = 1*NQCHAR; NQCHAR = %x21 / %x23-5B / %x5D-7E. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/** Printable ASCII and space: a quoted string needs no obs-text, and Node refuses control characters. */
const REALM = /^[\x20-\x7e]{1,256}$/;

/** A non-empty array of strings, each passing `valid`, without repeats (a repeat is dropped). */
function list(value: unknown, path: string, valid: (item: string) => boolean, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(`${path} must be a non-empty array (leave it out to require none)`);
  }
  for (const item of value) {
    if (typeof item !== 'string' || !valid(item)) throw new ConfigurationError(`${path}: ${what}`);
  }
  return [...new Set(value as string[])];
}

/** Checks a {@link RequireAuthConfig} given to `path` (the function's name) and applies its defaults. */
export function resolveRequirement(config: unknown, path: string): Requirement {
  knownOptions(config, OPTIONS, path);
  const { scopes, roles, rolesClaim, allow, realm, retryAfterSeconds } = config as Record<string, unknown>;
  const plain = (item: string) => item.length > 0 && item.trim() === item;
  if (rolesClaim !== undefined && roles === undefined) {
    throw new ConfigurationError(
      `${path}.rolesClaim has no effect without roles; give roles or leave it out`,
    );
  }
  if (rolesClaim !== undefined && (typeof rolesClaim !== 'string' || !plain(rolesClaim))) {
    throw new ConfigurationError(`${path}.rolesClaim must be a claim name without surrounding whitespace`);
  }
  if (allow !== undefined && typeof allow !== 'function') {
    throw new ConfigurationError(`${path}.allow must be a function of the claims returning true or false`);
  }
  if (realm !== undefined && (typeof realm !== 'string' || !REALM.test(realm))) {
    throw new ConfigurationError(
      `${path}.realm must be 1 to 256 printable ASCII characters (no control characters, no line breaks)`,
    );
  }
  return {
    scopes:
      scopes === undefined
        ? []
        : list(
            scopes,
            `${path}.scopes`,
            (item) => SCOPE_TOKEN.test(item),
            'each scope must be a non-empty RFC 6749 scope token: printable ASCII other than space, " and \\',
          ),
    roles:
      roles === undefined
        ? []
        : list(
            roles,
            `${path}.roles`,
            plain,
            'each role must be a non-empty string without surrounding whitespace',
          ),
    rolesClaim: (rolesClaim as string | undefined) ?? 'roles',
    allow: allow as Requirement['allow'],
    realm: realm as string | undefined,
    retryAfterSeconds: numberOption(retryAfterSeconds, 30, `${path}.retryAfterSeconds`, {
      min: 1,
      max: 3600,
      integer: true,
    }),
  };
}
