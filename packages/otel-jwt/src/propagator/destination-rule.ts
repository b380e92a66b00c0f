import { ConfigurationError } from '../errors.js';
import { hostMatches, nearMissNotice, type OriginPattern } from './destination-near-miss.js';
import type { Destination, DestinationRule } from './telemetry-config.js';

export type DestinationMatcher = (destination: Destination) => boolean;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };
const WILDCARD = 'wildcard--otel-jwt.';

/** Parses an origin such as `https://orders.internal:8443` or `https://*.orders.internal`; throws naming the entry. */
function parseOrigin(entry: unknown, path: string): OriginPattern {
  const problem = `${path} must be an origin such as https://orders.internal:8443 or https://*.orders.internal (scheme http or https, no path, query or credentials)`;
  // Printable ASCII only: the URL parser silently drops tabs and newlines, and host names are compared
  // in their ASCII (punycode) form.
  if (typeof entry !== 'string' || /[^\x21-\x7e]/.test(entry)) throw new ConfigurationError(problem);
  const anySubdomain = /^https?:\/\/\*\./i.test(entry);
  let url: URL;
  try {
    url = new URL(anySubdomain ? entry.replace('*.', WILDCARD) : entry);
  } catch {
    throw new ConfigurationError(problem);
  }
  const bare =
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '';
  const port = DEFAULT_PORTS[url.protocol];
  if (
    port === undefined ||
    !bare ||
    !/^[a-z]+:\/\/[^/?#]+\/?$/i.test(entry) ||
    url.hostname.includes('*', anySubdomain ? WILDCARD.length : 0)
  ) {
    throw new ConfigurationError(problem);
  }
  const hostname = anySubdomain ? url.hostname.slice(WILDCARD.length) : url.hostname;
  const badHost =
    hostname === '' || hostname.startsWith('.') || hostname.endsWith('.') || hostname.includes('..');
  // `*.com` would trust a whole top-level domain: a wildcard needs at least two labels under it.
  if (badHost || (anySubdomain && !hostname.includes('.')) || url.port === '0') {
    throw new ConfigurationError(problem);
  }
  return {
    protocol: url.protocol,
    port: url.port === '' ? port : Number(url.port),
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    anySubdomain,
  };
}

function matches(pattern: OriginPattern, destination: Destination): boolean {
  if (pattern.protocol !== destination.protocol || pattern.port !== destination.port) return false;
  return hostMatches(pattern, destination.hostname);
}

/**
 * Compiles a {@link DestinationRule}. Predicates are guarded: one that throws trusts nothing, because
 * inject must never throw and a broken rule must not widen trust. With `sayNearMisses`, a destination
 * that matches no origin of a list while one came close is said to the operator (once per origin).
 */
export function compileDestinationRule(
  rule: unknown,
  path: string,
  sayNearMisses = false,
): DestinationMatcher {
  if (typeof rule === 'function') {
    return (destination) => {
      try {
        return rule(destination) === true;
      } catch {
        return false;
      }
    };
  }
  if (!Array.isArray(rule)) {
    throw new ConfigurationError(
      `${path} must be an array of origins or a function (destination) => boolean`,
    );
  }
  const patterns = rule.map((entry, index) => parseOrigin(entry, `${path}[${index}]`));
  if (!sayNearMisses) return (destination) => patterns.some((pattern) => matches(pattern, destination));
  const nearMisses = nearMissNotice(patterns, path);
  return (destination) => {
    if (patterns.some((pattern) => matches(pattern, destination))) return true;
    nearMisses(destination);
    return false;
  };
}

/** Builds a destination from parts; undefined when the scheme is not http(s) or a part is missing. */
export function destinationOf(protocol: unknown, hostname: unknown, port: unknown): Destination | undefined {
  if (typeof protocol !== 'string' || typeof hostname !== 'string' || hostname.length === 0) return undefined;
  const scheme = protocol.toLowerCase();
  const defaultPort = DEFAULT_PORTS[scheme];
  if (defaultPort === undefined) return undefined;
  const portNumber = port === undefined || port === null || port === '' ? defaultPort : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) return undefined;
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const shown = host.includes(':') ? `[${host}]` : host;
  return { protocol: scheme, hostname: host, port: portNumber, origin: `${scheme}//${shown}:${portNumber}` };
}

/** Destination of a URL string, or undefined for anything that is not an absolute http(s) URL. */
export function destinationOfUrl(value: unknown): Destination | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return destinationOf(url.protocol, url.hostname, url.port);
}
