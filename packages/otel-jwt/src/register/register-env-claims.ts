import type { ClaimMapping } from '../propagator/telemetry-config.js';
import { type Env, envList, invalidVariable, parseNumber } from './register-env-values.js';

const CLAIM_OPTIONS = ['propagate', 'split', 'maxValueChars', 'maxItems'] as const;
type ClaimOption = (typeof CLAIM_OPTIONS)[number];

const SYNTAX = 'must be claim=key entries separated by commas, such as roles=user.roles,tenant=tenant.id';

/**
 * `OTEL_JWT_CLAIMS`: `claim=key` entries separated by commas, each optionally followed by
 * `;option=value` (`propagate=false`, `split=space`, `maxValueChars=64`, `maxItems=32`), such as
 * `roles=user.roles,scope=app.scopes;split=space;propagate=false`. Whether the claim and key are
 * acceptable is left to `createJwtTelemetry`; this reads the syntax only. Messages give the entry's
 * position, not its text.
 */
export function parseClaimMappings(
  env: Env,
  name: string,
): Record<string, string | ClaimMapping> | undefined {
  const entries = envList(env, name);
  if (entries === undefined) return undefined;
  const claims: Record<string, string | ClaimMapping> = {};
  entries.forEach((entry, index) => {
    const at = `entry ${index + 1}`;
    const [mapping = '', ...options] = entry.split(';').map((part) => part.trim());
    const [claim, key] = pair(mapping, () => invalidVariable(name, `${at} ${SYNTAX}`));
    if (Object.hasOwn(claims, claim)) {
      throw invalidVariable(name, `${at} maps a claim that an earlier entry maps already`);
    }
    claims[claim] = options.length === 0 ? key : withOptions(key, options, name, at);
  });
  return claims;
}

function withOptions(key: string, options: readonly string[], name: string, at: string): ClaimMapping {
  const mapping: { -readonly [K in keyof ClaimMapping]: ClaimMapping[K] } = { key };
  const known = `; the options are ${CLAIM_OPTIONS.join(', ')}`;
  for (const text of options) {
    const [option, value] = pair(text, () =>
      invalidVariable(name, `${at} must give its options as ;option=value${known}`),
    );
    if (!CLAIM_OPTIONS.includes(option as ClaimOption)) {
      throw invalidVariable(name, `${at} has an unknown option${known}`);
    }
    if ((option as ClaimOption) in mapping) {
      throw invalidVariable(name, `${at} gives the option ${option} twice`);
    }
    const problem = () => invalidVariable(name, `${at}: ${option} ${EXPECTED[option as ClaimOption]}`);
    switch (option as ClaimOption) {
      case 'propagate':
        if (value !== 'true' && value !== 'false') throw problem();
        mapping.propagate = value === 'true';
        break;
      case 'split':
        if (value !== 'none' && value !== 'space') throw problem();
        mapping.split = value;
        break;
      case 'maxValueChars':
        mapping.maxValueChars = parseNumber(value, problem);
        break;
      case 'maxItems':
        mapping.maxItems = parseNumber(value, problem);
        break;
    }
  }
  return mapping;
}

const EXPECTED: Record<ClaimOption, string> = {
  propagate: 'must be true or false',
  split: 'must be none or space',
  maxValueChars: 'must be a whole number',
  maxItems: 'must be a whole number',
};

/** `left=right` with both sides non-empty (trimmed), else `problem()`. */
function pair(text: string, problem: () => Error): [string, string] {
  const eq = text.indexOf('=');
  const left = text.slice(0, eq).trim();
  const right = text.slice(eq + 1).trim();
  if (eq < 0 || left === '' || right === '' || right.includes('=')) throw problem();
  return [left, right];
}
