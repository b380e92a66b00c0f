import { ConfigurationError } from '../errors.js';

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

/**
 * Returns `value`, or `fallback` when undefined; throws when it is not a finite number within `range`.
 * Upper bounds catch unit mistakes (milliseconds given for seconds) and values Node's timers overflow on.
 */
export function numberOption(value: unknown, fallback: number, path: string, range: NumberRange): number {
  if (value === undefined) return fallback;
  const { min, max, integer = false } = range;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigurationError(
      `${path} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
    );
  }
  return value;
}

/** A non-empty list of non-empty strings without surrounding whitespace, from a string or an array. */
export function stringList(value: unknown, path: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((v) => typeof v === 'string' && v.length > 0 && v.trim() === v)
  ) {
    throw new ConfigurationError(
      `${path} must be a non-empty string or a non-empty array of non-empty strings without surrounding whitespace`,
    );
  }
  return list;
}

/**
 * Throws when `config` is not a plain object or holds an option this component does not know: a
 * misspelled option (`clockTolerance` for `clockToleranceSeconds`) must not silently keep the default.
 */
export function knownOptions(config: unknown, known: readonly string[], path: string): void {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigurationError(`${path} must be an object`);
  }
  for (const name of Object.keys(config)) {
    if (!known.includes(name)) {
      throw new ConfigurationError(
        `${path} has an unknown option "${name}"; the options are ${known.join(', ')}`,
      );
    }
  }
}
