import { ConfigurationError } from '../errors.js';
import { choiceOption, knownOptions, numberOptionsAt } from '../internal/config-checks.js';
import { keyEndpointProblem } from '../keys/endpoint-url.js';
import type { DenyListConfig } from './deny-list-config.js';

/** Normalized {@link DenyListConfig}, in milliseconds. */
export interface DenyListSettings {
  readonly url: string;
  readonly refreshMs: number;
  readonly whenUnavailable: 'refuse' | 'accept';
  readonly staleIfErrorMs: number;
  readonly fetchTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxEntries: number;
}

/** Most in-process revocations kept when no deny-list document is configured (as `maxEntries`' default). */
export const DEFAULT_MAX_DENIED_ENTRIES = 100_000;

const OPTIONS = [
  'url',
  'refreshSeconds',
  'whenUnavailable',
  'staleIfErrorSeconds',
  'fetchTimeoutMilliseconds',
  'maxResponseBytes',
  'maxEntries',
];

/** Checks {@link DenyListConfig} (at `path` in the verifier's configuration) and applies its defaults. */
export function denyListSettings(config: DenyListConfig, path = 'denyList'): DenyListSettings {
  knownOptions(config, OPTIONS, path);
  // A document fetched in clear from another host could have its revocations removed on the way.
  const problem = keyEndpointProblem(config.url);
  if (problem !== undefined) throw new ConfigurationError(`${path}.url ${problem}`);
  const whenUnavailable = choiceOption(
    config.whenUnavailable,
    'refuse',
    ['refuse', 'accept'],
    `${path}.whenUnavailable`,
  );
  const { integer, milliseconds } = numberOptionsAt(path);
  return {
    url: config.url,
    refreshMs: milliseconds(config.refreshSeconds, 30, 'refreshSeconds', 1, 86_400),
    whenUnavailable,
    staleIfErrorMs: milliseconds(config.staleIfErrorSeconds, 600, 'staleIfErrorSeconds', 0, 86_400),
    fetchTimeoutMs: integer(config.fetchTimeoutMilliseconds, 5000, 'fetchTimeoutMilliseconds', 1, 300_000),
    maxResponseBytes: integer(config.maxResponseBytes, 4_194_304, 'maxResponseBytes', 1024, 67_108_864),
    maxEntries: integer(config.maxEntries, DEFAULT_MAX_DENIED_ENTRIES, 'maxEntries', 1, 1_000_000),
  };
}
