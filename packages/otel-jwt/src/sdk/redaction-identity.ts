import type { RedactionConfig } from '../redaction/redaction-config.js';

/** A number per predicate function, so two configurations compare equal only with the same function. */
const predicates = new WeakMap<object, number>();
let nextPredicate = 1;

function names(list: readonly string[] | undefined): string[] {
  return list === undefined ? [] : [...list].sort();
}

/**
 * What a checked redaction configuration amounts to, as a string: two components whose identities are
 * equal apply the same rules, so one may take another's verdict on a value (an exporter wrapper that of
 * the processor which redacted a span or log record before it). Configurations that merely look alike
 * (another predicate function, patterns in another order) give different identities, which only costs
 * the wrapper a full read. Call it after `resolveRedaction` accepted `config`.
 */
export function redactionIdentity(config: RedactionConfig | undefined): string {
  const given: RedactionConfig = config ?? {};
  const predicate = given.isCredentialKey;
  let id = 0;
  if (predicate !== undefined) {
    id = predicates.get(predicate) ?? nextPredicate++;
    predicates.set(predicate, id);
  }
  return JSON.stringify([
    names(given.credentialKeys),
    names(given.queryParameters),
    (given.valuePatterns ?? []).map((pattern) => [pattern.source, pattern.flags]),
    id,
  ]);
}
