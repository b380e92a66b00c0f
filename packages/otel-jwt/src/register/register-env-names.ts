import { type Env, invalidVariable } from './register-env-values.js';

export const REGISTER_PREFIX = 'OTEL_JWT_';

/**
 * Throws for a set `OTEL_JWT_*` variable that is not one of `known`: a misspelled variable
 * (`OTEL_JWT_CLOCK_TOLERANCE` for `OTEL_JWT_CLOCK_TOLERANCE_SECONDS`) must not silently keep the default.
 * The message names the variable and the closest known one; it never repeats the value.
 */
export function checkKnownVariables(env: Env, known: readonly string[]): void {
  for (const [name, value] of Object.entries(env)) {
    // An empty variable counts as unset, as everywhere in OpenTelemetry configuration.
    if (!name.startsWith(REGISTER_PREFIX) || known.includes(name) || value === undefined || value === '') {
      continue;
    }
    const closest = closestName(name, known);
    throw invalidVariable(
      name,
      `is not a setting of otel-jwt/register${closest === undefined ? '' : ` (did you mean ${closest}?)`}; docs/register.md lists them all`,
    );
  }
}

/**
 * The known name nearest to `name` in edit distance, when near enough to be a likely misspelling; a
 * known name that merely extends `name` (a dropped unit suffix) counts as near.
 */
function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const candidate of known) {
    const distance = candidate.startsWith(name) ? 1 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance; names are short, so the quadratic table is cheap. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
