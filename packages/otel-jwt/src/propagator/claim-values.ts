import { looksLikeToken } from '../redaction/token-material.js';

/** A claim value reduced to what an attribute can hold, or undefined when it breaks a limit. */
export type ClaimValue = string | number | boolean | readonly string[];

export interface ValueLimits {
  readonly maxValueChars: number;
  readonly maxItems: number;
  readonly splitSpaces: boolean;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Never truncates: a cut-down role name could be another valid role (`admin-readonly` -> `admin`), so a
 * value over a limit is left out whole. Arrays become string arrays (attributes must be homogeneous).
 */
export function claimValue(value: unknown, limits: ValueLimits): ClaimValue | undefined {
  if (typeof value === 'string') {
    if (limits.splitSpaces)
      return items(
        value.split(' ').filter((part) => part.length > 0),
        limits,
      );
    return usable(value, limits) ? value : undefined;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return items(value, limits);
  return undefined;
}

function itemText(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) return String(item);
  return undefined;
}

function items(list: readonly unknown[], limits: ValueLimits): readonly string[] | undefined {
  if (list.length > limits.maxItems) return undefined;
  const out: string[] = [];
  for (const item of list) {
    const text = itemText(item);
    if (text === undefined || !usable(text, limits)) return undefined;
    out.push(text);
  }
  return out;
}

/**
 * Within the length limit, well-formed UTF-16 (a lone surrogate cannot be percent-encoded for baggage)
 * and not JWT-shaped (a claim must not carry a token onto spans).
 */
function usable(text: string, limits: ValueLimits): boolean {
  return text.length <= limits.maxValueChars && !LONE_SURROGATE.test(text) && !looksLikeToken(text);
}

/** Baggage form of a value: arrays comma-joined; undefined when an item holds a comma (ambiguous). */
export function baggageText(value: ClaimValue): string | undefined {
  if (typeof value !== 'object') return String(value);
  return value.some((item) => item.includes(',')) ? undefined : value.join(',');
}
