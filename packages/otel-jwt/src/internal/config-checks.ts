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

/**
 * The numeric options of the configuration object at `path`, read by name: `integer` as given, `milliseconds`
 * from an option given in seconds. Each names `${path}.${name}` when it refuses a value.
 */
export function numberOptionsAt(path: string): {
  integer(value: unknown, fallback: number, name: string, min: number, max: number): number;
  milliseconds(value: unknown, fallbackSeconds: number, name: string, min: number, max: number): number;
} {
  return {
    integer: (value, fallback, name, min, max) =>
      numberOption(value, fallback, `${path}.${name}`, { min, max, integer: true }),
    milliseconds: (value, fallbackSeconds, name, min, max) =>
      numberOption(value, fallbackSeconds, `${path}.${name}`, { min, max }) * 1000,
  };
}

/** Returns `value`, or `fallback` when undefined; throws unless it is one of `choices`. */
export function choiceOption<T extends string>(
  value: unknown,
  fallback: T,
  choices: readonly T[],
  path: string,
): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) {
    const quoted = choices.map((choice) => `"${choice}"`);
    throw new ConfigurationError(`${path} must be ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`);
  }
  return value as T;
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
