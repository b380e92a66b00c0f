import type { KeyRefreshConfig } from './config.js';
import { numberOption } from './config-checks.js';
import { ConfigurationError } from './errors.js';
import type { RefreshSettings } from './remote-key-source.js';

/** Checks {@link KeyRefreshConfig} and applies its documented defaults. */
export function refreshSettings(config: KeyRefreshConfig | undefined): RefreshSettings {
  if (config !== undefined && (config === null || typeof config !== 'object')) {
    throw new ConfigurationError('keyRefresh must be an object');
  }
  const c = config ?? {};
  const seconds = (value: unknown, fallback: number, name: string, min: number) =>
    numberOption(value, fallback, `keyRefresh.${name}`, min) * 1000;
  const settings: RefreshSettings = {
    fetchTimeoutMs: numberOption(
      c.fetchTimeoutMilliseconds,
      5000,
      'keyRefresh.fetchTimeoutMilliseconds',
      1,
      true,
    ),
    maxResponseBytes: numberOption(c.maxResponseBytes, 262_144, 'keyRefresh.maxResponseBytes', 1024, true),
    defaultRefreshMs: seconds(c.defaultRefreshSeconds, 600, 'defaultRefreshSeconds', 1),
    minRefreshMs: seconds(c.minRefreshSeconds, 60, 'minRefreshSeconds', 1),
    maxRefreshMs: seconds(c.maxRefreshSeconds, 86_400, 'maxRefreshSeconds', 1),
    cooldownMs: seconds(c.cooldownSeconds, 30, 'cooldownSeconds', 0),
    staleIfErrorMs: seconds(c.staleIfErrorSeconds, 21_600, 'staleIfErrorSeconds', 0),
  };
  if (settings.minRefreshMs > settings.maxRefreshMs) {
    throw new ConfigurationError('keyRefresh.minRefreshSeconds must not exceed keyRefresh.maxRefreshSeconds');
  }
  return settings;
}
