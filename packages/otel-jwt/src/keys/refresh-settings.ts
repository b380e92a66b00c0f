import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOptionsAt } from '../internal/config-checks.js';
import type { KeyRefreshConfig } from './key-config.js';

/** Normalized {@link KeyRefreshConfig}, in milliseconds. */
export interface RefreshSettings {
  readonly fetchTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly defaultRefreshMs: number;
  readonly minRefreshMs: number;
  readonly maxRefreshMs: number;
  readonly cooldownMs: number;
  readonly staleIfErrorMs: number;
}

/** Longest delay Node's timers take (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;
const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

const OPTIONS = [
  'fetchTimeoutMilliseconds',
  'maxResponseBytes',
  'defaultRefreshSeconds',
  'minRefreshSeconds',
  'maxRefreshSeconds',
  'cooldownSeconds',
  'staleIfErrorSeconds',
];

/** Checks {@link KeyRefreshConfig} and applies its documented defaults. */
export function refreshSettings(config: KeyRefreshConfig | undefined): RefreshSettings {
  if (config !== undefined) knownOptions(config, OPTIONS, 'keyRefresh');
  const c = config ?? {};
  const { integer, milliseconds } = numberOptionsAt('keyRefresh');
  const seconds = (value: unknown, fallback: number, name: string, min: number) =>
    milliseconds(value, fallback, name, min, MAX_SECONDS);
  const settings: RefreshSettings = {
    fetchTimeoutMs: integer(c.fetchTimeoutMilliseconds, 5000, 'fetchTimeoutMilliseconds', 1, 300_000),
    maxResponseBytes: integer(c.maxResponseBytes, 262_144, 'maxResponseBytes', 1024, 16_777_216),
    defaultRefreshMs: seconds(c.defaultRefreshSeconds, 600, 'defaultRefreshSeconds', 1),
    minRefreshMs: seconds(c.minRefreshSeconds, 60, 'minRefreshSeconds', 1),
    maxRefreshMs: seconds(c.maxRefreshSeconds, 86_400, 'maxRefreshSeconds', 1),
    cooldownMs: seconds(c.cooldownSeconds, 30, 'cooldownSeconds', 0),
    staleIfErrorMs: seconds(c.staleIfErrorSeconds, 21_600, 'staleIfErrorSeconds', 0),
  };
  if (settings.minRefreshMs > settings.maxRefreshMs) {
    throw new ConfigurationError('keyRefresh.minRefreshSeconds must not exceed keyRefresh.maxRefreshSeconds');
  }
  if (
    settings.defaultRefreshMs < settings.minRefreshMs ||
    settings.defaultRefreshMs > settings.maxRefreshMs
  ) {
    throw new ConfigurationError(
      'keyRefresh.defaultRefreshSeconds must lie between keyRefresh.minRefreshSeconds and keyRefresh.maxRefreshSeconds',
    );
  }
  return settings;
}
