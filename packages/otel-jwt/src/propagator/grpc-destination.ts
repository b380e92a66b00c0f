import { destinationOf } from './destination-rule.js';
import type { Destination } from './telemetry-config.js';

/** gRPC's port when a target names none (grpc-js's `dns`, `ipv4` and `ipv6` resolvers agree). */
const DEFAULT_GRPC_PORT = 443;
/** grpc-js's target syntax: `scheme:` then an optional `//authority/`, then the path. */
const TARGET = /^(?:([A-Za-z0-9+.-]+):)?(?:\/\/([^/]*)\/)?(.+)$/;
const PORT = /^\d+$/;
/** Schemes whose path names the host; `getTarget()` always writes the scheme. */
const RESOLVED_SCHEMES = ['dns', 'ipv4', 'ipv6'];

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address, as grpc-js splits them. */
function hostPort(path: string): { host: string; port: number } | undefined {
  if (path.startsWith('[')) {
    const end = path.indexOf(']');
    if (end < 0) return undefined;
    const rest = path.slice(end + 1);
    if (rest !== '' && !(rest.startsWith(':') && PORT.test(rest.slice(1)))) return undefined;
    return { host: path.slice(1, end), port: rest === '' ? DEFAULT_GRPC_PORT : Number(rest.slice(1)) };
  }
  const parts = path.split(':');
  if (parts.length !== 2) return { host: path, port: DEFAULT_GRPC_PORT };
  const [host = '', port = ''] = parts;
  return PORT.test(port) ? { host, port: Number(port) } : undefined;
}

/**
 * The destination of a gRPC channel target as `getTarget()` returns it (`dns:orders.internal:50051`,
 * `ipv4:10.0.0.7:50051`, `ipv6:[::1]:50051`), with `https:` for a channel with TLS and `http:` without.
 * Undefined, and so never trusted, for any other scheme (`unix:`, `xds:`, ...), for a target without one
 * (as written, before grpc-js adds `dns:`) and for a list of several addresses: one decision must cover
 * everywhere the call may go.
 */
export function destinationOfGrpcTarget(target: unknown, secure: boolean): Destination | undefined {
  if (typeof target !== 'string') return undefined;
  const parsed = TARGET.exec(target);
  const scheme = parsed?.[1]?.toLowerCase() ?? '';
  const path = parsed?.[3];
  if (path === undefined || !RESOLVED_SCHEMES.includes(scheme) || path.includes(',')) return undefined;
  const address = hostPort(path);
  if (address === undefined) return undefined;
  return destinationOf(secure ? 'https:' : 'http:', address.host, address.port);
}

interface ChannelLike {
  getTarget(): unknown;
  /** grpc-js's `ChannelImplementation` keeps its credentials here; they say whether it uses TLS. */
  readonly internalChannel?: { readonly credentials?: { _isSecure?(): unknown } };
}

/** Channels seen, with their destination (null: none); weakly held, so gone with the channel. */
const channels = new WeakMap<object, Destination | null>();

/**
 * The destination of a grpc-js channel: its target, and whether its credentials use TLS. A channel that
 * does not say (another implementation, a changed grpc-js) has no destination. Never throws.
 */
export function destinationOfChannel(channel: unknown): Destination | undefined {
  if (channel === null || typeof channel !== 'object') return undefined;
  const known = channels.get(channel);
  if (known !== undefined) return known ?? undefined;
  let destination: Destination | undefined;
  try {
    const like = channel as ChannelLike;
    const secure = like.internalChannel?.credentials?._isSecure?.();
    destination = typeof secure === 'boolean' ? destinationOfGrpcTarget(like.getTarget(), secure) : undefined;
  } catch {
    destination = undefined;
  }
  channels.set(channel, destination ?? null);
  return destination;
}
