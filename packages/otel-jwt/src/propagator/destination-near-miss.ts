import { NoticeLimiter } from '../internal/notice-limiter.js';
import { operatorNotice } from '../internal/operator-notice.js';
import type { Destination } from './telemetry-config.js';

/** One origin of a destination rule, as parsed: lower-case host without brackets, port always set. */
export interface OriginPattern {
  readonly protocol: string;
  readonly port: number;
  readonly hostname: string;
  readonly anySubdomain: boolean;
}

/** Destination origins said at most, ever: each is said once. */
const MAX_ORIGINS = 32;
/** Names and addresses of this machine, which a rule matches only as written. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** An IP address (v4, or v6: a destination's hostname has lost its brackets), not a name. */
const isAddress = (hostname: string) => IPV4.test(hostname) || hostname.includes(':');

export function hostMatches(pattern: OriginPattern, hostname: string): boolean {
  return pattern.anySubdomain ? hostname.endsWith(`.${pattern.hostname}`) : pattern.hostname === hostname;
}

function originOf(pattern: OriginPattern): string {
  const host = pattern.hostname.includes(':') ? `[${pattern.hostname}]` : pattern.hostname;
  return `${pattern.protocol}//${pattern.anySubdomain ? '*.' : ''}${host}:${pattern.port}`;
}

/**
 * How an origin that did not match `destination` came close, in words; undefined when it did not:
 * the same host with another scheme or port, or the same scheme and port with this machine named
 * another way (`localhost`, `127.0.0.1`, `::1`), or a host name where the request goes to an address.
 */
export function nearMiss(pattern: OriginPattern, destination: Destination): string | undefined {
  const sameScheme = pattern.protocol === destination.protocol;
  const samePort = pattern.port === destination.port;
  if (hostMatches(pattern, destination.hostname)) {
    return `differs from it in ${sameScheme ? 'port' : samePort ? 'scheme' : 'scheme and port'} only`;
  }
  if (!sameScheme || !samePort || pattern.anySubdomain) return undefined;
  if (LOOPBACK.has(pattern.hostname) && LOOPBACK.has(destination.hostname)) {
    return 'names this machine too, but another way (rules match a host as written)';
  }
  if (!isAddress(pattern.hostname) && isAddress(destination.hostname)) {
    return 'names a host, while the request goes to an IP address (rules do not resolve names)';
  }
  return undefined;
}

/**
 * Says, once per destination origin (at most {@link MAX_ORIGINS} of them), that a destination matched no
 * origin of `path` while one came close: the misspelt trust that otherwise fails silently.
 */
export function nearMissNotice(
  patterns: readonly OriginPattern[],
  path: string,
): (destination: Destination) => void {
  const limiter = new NoticeLimiter(MAX_ORIGINS, Number.POSITIVE_INFINITY);
  return (destination) => {
    for (const pattern of patterns) {
      const how = nearMiss(pattern, destination);
      if (how === undefined) continue;
      if (!limiter.admit(destination.origin)) return;
      operatorNotice.warn(
        `otel-jwt: no auth baggage or subject proof goes to ${destination.origin}: it matches no ${path} entry, and ${originOf(pattern)} ${how}; if it is meant to receive them, list its origin as the client calls it`,
      );
      return;
    }
  };
}
