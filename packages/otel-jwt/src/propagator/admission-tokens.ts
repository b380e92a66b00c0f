import type { TextMapGetter } from '@opentelemetry/api';
import { BEARER_PREFIX, cookieValues, type ResolvedSource } from './token-source.js';

/** More candidates than sources can hold only in a request the token sources refuse anyway. */
const MAX_CANDIDATES = 4;

/**
 * The tokens a request's sources hold, for the admission step to verify ahead: read without the token
 * sources' side effects (the duplicate-Authorization mark stays for the propagator's own read) and
 * without judging the request. Whatever is admitted, the propagator's extract decides what counts.
 */
export function admissionTokens(
  carrier: unknown,
  getter: TextMapGetter,
  sources: readonly ResolvedSource[],
): string[] {
  const found: string[] = [];
  const add = (token: string) => {
    if (token.length > 0 && found.length < MAX_CANDIDATES && !found.includes(token)) found.push(token);
  };
  for (const source of sources) {
    if (source.kind === 'cookie') {
      for (const header of values(getter.get(carrier, 'cookie'))) {
        for (const value of cookieValues(header, source.name)) add(value);
      }
      continue;
    }
    if (source.kind === 'header') {
      for (const value of values(getter.get(carrier, source.name))) add(value);
      continue;
    }
    for (const value of values(getter.get(carrier, 'authorization'))) {
      const bearer = BEARER_PREFIX.exec(value);
      if (bearer !== null) add(value.slice(bearer[0].length));
    }
  }
  return found;
}

function values(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === 'string');
  return [];
}
