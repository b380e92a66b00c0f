import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';

/** Environment variables as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A `ConfigurationError` whose message starts with the variable's name. */
export function invalidVariable(name: string, problem: string): ConfigurationError {
  return new ConfigurationError(`${name} ${problem}`);
}

/**
 * The value of `name` without surrounding whitespace, or undefined when it is unset or empty: the
 * OpenTelemetry specification treats an empty variable as an unset one.
 */
export function envString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A comma-separated list (items trimmed); an empty item is a mistake, such as `a,,b` or a trailing comma. */
export function envList(env: Env, name: string): string[] | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw invalidVariable(name, 'must be a comma-separated list without empty items');
  }
  return items;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** A plain decimal number such as `30` or `0.5`; ranges are checked by the option it sets. */
export function envNumber(env: Env, name: string): number | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  return parseNumber(value, () => invalidVariable(name, 'must be a non-negative decimal number, such as 30'));
}

/** `text` as a decimal number; throws `problem()` for anything else (`1e3`, `0x10`, `30s`, `-1`). */
export function parseNumber(text: string, problem: () => Error): number {
  if (!DECIMAL.test(text)) throw problem();
  return Number(text);
}

/** One of `allowed`, compared in lower case. */
export function envChoice<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = envString(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw invalidVariable(name, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The bytes of the file named by `name`. The error gives the system's reason (such as ENOENT), never
 * the content: the file may hold a secret.
 */
export function envFile(env: Env, name: string): Buffer | undefined {
  const path = envString(env, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw invalidVariable(name, `names a file that cannot be read (${code})`);
  }
}

/** `{ [key]: value }`, or `{}` when value is undefined: optional options stay absent, not undefined. */
export function option<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
}
