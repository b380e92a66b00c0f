import { ConfigurationError } from './errors.js';

/** Returns `value`, or `fallback` when undefined; throws when it is not a finite number in range. */
export function numberOption(
  value: unknown,
  fallback: number,
  path: string,
  min: number,
  integer = false,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigurationError(`${path} must be a${integer ? 'n integer' : ' finite number'} >= ${min}`);
  }
  return value;
}

/** A non-empty list of non-empty strings, from a string or an array. */
export function stringList(value: unknown, path: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((v) => typeof v === 'string' && v.length > 0)
  ) {
    throw new ConfigurationError(
      `${path} must be a non-empty string or a non-empty array of non-empty strings`,
    );
  }
  return list;
}
