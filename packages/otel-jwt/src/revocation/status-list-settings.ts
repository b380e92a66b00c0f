import { ConfigurationError } from '../errors.js';
import { choiceOption, knownOptions, numberOptionsAt, stringList } from '../internal/config-checks.js';
import { keyEndpointProblem } from '../keys/endpoint-url.js';
import { MAX_TIMER_MS } from '../keys/refresh-settings.js';
import type { StatusListConfig } from './status-list-config.js';

/** One entry of `allowedUris`, parsed: a list URL must match all three. */
export interface AllowedPrefix {
  readonly protocol: string;
  /** Host and port as the URL parser normalizes them (default port left out). */
  readonly host: string;
  /** Path prefix, ending with `/`: a list path must continue it (or equal it without its final `/`). */
  readonly path: string;
}

/** Normalized {@link StatusListConfig}, in milliseconds. */
export interface StatusListSettings {
  readonly mode: 'when-present' | 'required';
  readonly allowed: readonly AllowedPrefix[];
  readonly whenUnavailable: 'refuse' | 'accept';
  readonly fetchTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxListBytes: number;
  readonly defaultTtlMs: number;
  readonly minTtlMs: number;
  readonly maxTtlMs: number;
  readonly staleIfErrorMs: number;
  readonly maxLists: number;
}

const OPTIONS = [
  'mode',
  'allowedUris',
  'whenUnavailable',
  'fetchTimeoutMilliseconds',
  'maxResponseBytes',
  'maxListBytes',
  'defaultTtlSeconds',
  'minTtlSeconds',
  'maxTtlSeconds',
  'staleIfErrorSeconds',
  'maxLists',
];

const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** Checks {@link StatusListConfig} (at `path`, such as `issuers[0].statusList`) and applies its defaults. */
export function statusListSettings(config: StatusListConfig, path: string): StatusListSettings {
  knownOptions(config, OPTIONS, path);
  if (config.mode !== 'when-present' && config.mode !== 'required') {
    throw new ConfigurationError(`${path}.mode must be "when-present" or "required"`);
  }
  const whenUnavailable = choiceOption(
    config.whenUnavailable,
    'refuse',
    ['refuse', 'accept'],
    `${path}.whenUnavailable`,
  );
  const allowed = stringList(config.allowedUris, `${path}.allowedUris`).map((uri, index) =>
    allowedPrefix(uri, `${path}.allowedUris[${index}]`),
  );
  const { integer: int, milliseconds } = numberOptionsAt(path);
  const seconds = (value: unknown, fallback: number, name: string, min: number, max = MAX_SECONDS) =>
    milliseconds(value, fallback, name, min, max);
  const settings: StatusListSettings = {
    mode: config.mode,
    allowed,
    whenUnavailable,
    fetchTimeoutMs: int(config.fetchTimeoutMilliseconds, 5000, 'fetchTimeoutMilliseconds', 1, 300_000),
    maxResponseBytes: int(config.maxResponseBytes, 1_048_576, 'maxResponseBytes', 1024, 16_777_216),
    maxListBytes: int(config.maxListBytes, 16_777_216, 'maxListBytes', 1024, 134_217_728),
    defaultTtlMs: seconds(config.defaultTtlSeconds, 300, 'defaultTtlSeconds', 1),
    minTtlMs: seconds(config.minTtlSeconds, 10, 'minTtlSeconds', 1),
    maxTtlMs: seconds(config.maxTtlSeconds, 86_400, 'maxTtlSeconds', 1),
    staleIfErrorMs: seconds(config.staleIfErrorSeconds, 600, 'staleIfErrorSeconds', 0, 86_400),
    maxLists: int(config.maxLists, 64, 'maxLists', 1, 10_000),
  };
  if (settings.minTtlMs > settings.maxTtlMs) {
    throw new ConfigurationError(`${path}.minTtlSeconds must not exceed ${path}.maxTtlSeconds`);
  }
  if (settings.defaultTtlMs < settings.minTtlMs || settings.defaultTtlMs > settings.maxTtlMs) {
    throw new ConfigurationError(
      `${path}.defaultTtlSeconds must lie between ${path}.minTtlSeconds and ${path}.maxTtlSeconds`,
    );
  }
  return settings;
}

function allowedPrefix(uri: string, path: string): AllowedPrefix {
  const problem = keyEndpointProblem(uri);
  if (problem !== undefined) throw new ConfigurationError(`${path} ${problem}`);
  const url = new URL(uri);
  if (url.search !== '' || url.hash !== '' || uri.includes('?') || uri.includes('#')) {
    throw new ConfigurationError(`${path} must not have a query or fragment: give a scheme, host and path`);
  }
  const prefix = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { protocol: url.protocol, host: url.host, path: prefix };
}

/** Encoded dot, slash and backslash: a path holding them could mean something else to the list server. */
const AMBIGUOUS_ESCAPE = /%(?:2e|2f|5c)/i;

/**
 * The URL to fetch for a token's `status_list.uri`, or undefined when no prefix of `allowed` admits it.
 * Compared on the parsed URL, so `..` segments, default ports and letter case of scheme and host are
 * resolved first; credentials in the URL and percent-encoded dots or slashes in the path are refused.
 */
export function allowedListUrl(uri: string, allowed: readonly AllowedPrefix[]): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || AMBIGUOUS_ESCAPE.test(url.pathname)) return undefined;
  const path = url.pathname;
  for (const prefix of allowed) {
    if (prefix.protocol !== url.protocol || prefix.host !== url.host) continue;
    if (path.startsWith(prefix.path) || `${path}/` === prefix.path) {
      url.hash = '';
      return url.href;
    }
  }
  return undefined;
}
