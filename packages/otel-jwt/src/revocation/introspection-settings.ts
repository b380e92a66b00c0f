import { ConfigurationError } from '../errors.js';
import { choiceOption, knownOptions, numberOptionsAt } from '../internal/config-checks.js';
import { keyEndpointProblem } from '../keys/endpoint-url.js';
import type { IntrospectionConfig } from './introspection-config.js';

/** Normalized {@link IntrospectionConfig}, in milliseconds. */
export interface IntrospectionSettings {
  readonly endpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
  readonly maxCacheMs: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxCachedTokens: number;
}

const OPTIONS = [
  'endpoint',
  'client',
  'maxCacheSeconds',
  'timeoutMilliseconds',
  'maxResponseBytes',
  'maxCachedTokens',
];
const CLIENT_OPTIONS = ['id', 'secret', 'method'];

/**
 * Checks {@link IntrospectionConfig} (at `path`, such as `issuers[0].introspection`) and applies its
 * defaults. Messages name the option and never echo the client secret.
 */
export function introspectionSettings(config: IntrospectionConfig, path: string): IntrospectionSettings {
  knownOptions(config, OPTIONS, path);
  // The endpoint receives the tokens and the client secret: never in clear to another host.
  const problem = keyEndpointProblem(config.endpoint);
  if (problem !== undefined) throw new ConfigurationError(`${path}.endpoint ${problem}`);
  const { client } = config;
  knownOptions(client, CLIENT_OPTIONS, `${path}.client`);
  if (typeof client.id !== 'string' || client.id.length === 0) {
    throw new ConfigurationError(`${path}.client.id must be the non-empty client identifier`);
  }
  if (typeof client.secret !== 'string' || client.secret.length === 0) {
    throw new ConfigurationError(`${path}.client.secret must be a non-empty string`);
  }
  const method = choiceOption(
    client.method,
    'client_secret_basic',
    ['client_secret_basic', 'client_secret_post'],
    `${path}.client.method`,
  );
  const { integer, milliseconds } = numberOptionsAt(path);
  return {
    endpoint: config.endpoint,
    clientId: client.id,
    clientSecret: client.secret,
    method,
    maxCacheMs: milliseconds(config.maxCacheSeconds, 60, 'maxCacheSeconds', 1, 3600),
    timeoutMs: integer(config.timeoutMilliseconds, 2000, 'timeoutMilliseconds', 1, 60_000),
    maxResponseBytes: integer(config.maxResponseBytes, 65_536, 'maxResponseBytes', 1024, 1_048_576),
    maxCachedTokens: integer(config.maxCachedTokens, 10_000, 'maxCachedTokens', 1, 1_000_000),
  };
}
