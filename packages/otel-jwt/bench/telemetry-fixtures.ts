// Keys, tokens and headers for bench/telemetry.bench.ts. Everything is generated at run time.

import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import type { JwtTelemetryConfig } from '../src/index.ts';

export const ISSUER = 'https://idp.example.com/realms/shop';
export const AUDIENCE = 'https://api.example.com/orders';
export const TRUSTED_ORIGIN = 'http://b.internal:8080';
const KID = 'sig-2026-01';
const SUBJECT = '5f1c2a9e-8d4b-4c07-9a51-3e2b7d6f0a18';
/** The verifier's default `cacheMaxEntries`: a pool of more distinct tokens, cycled in order, always misses. */
const DEFAULT_CACHE_ENTRIES = 10_000;
export const POOL_SIZE = DEFAULT_CACHE_ENTRIES + 2_000;

/** Incoming request headers, as `node:http` hands them to the propagators (lower-case names). */
export interface Headers {
  readonly traceparent: string;
  readonly baggage: string;
  readonly authorization: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface Issuer {
  readonly config: JwtTelemetryConfig;
  /** A new ES256 access token (RFC 9068 shape) for the one subject, signed with node:crypto. */
  mint(): string;
}

export function makeIssuer(): Issuer {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'ES256', use: 'sig' };
  const header = b64({ alg: 'ES256', kid: KID, typ: 'at+jwt' });
  return {
    config: {
      verifier: {
        issuers: [
          {
            issuer: ISSUER,
            audience: AUDIENCE,
            algorithms: ['ES256'],
            requiredClaims: ['exp'],
            keys: { type: 'static', keys: [{ type: 'jwk', jwk }] },
          },
        ],
      },
      claims: { roles: 'user.roles', tenant: 'tenant.id' },
      // 40 characters, made at run time.
      hmacKey: randomBytes(30).toString('base64'),
      trustedDestinations: [TRUSTED_ORIGIN],
    },
    mint: () => mintToken(privateKey, header),
  };
}

function mintToken(key: KeyObject, header: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = b64({
    iss: ISSUER,
    sub: SUBJECT,
    aud: AUDIENCE,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    client_id: 'orders-web',
    scope: 'openid profile orders:read orders:write',
    roles: ['customer', 'beta-tester'],
    tenant: 'acme-eu',
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

/**
 * More distinct tokens than the verified cache holds, cycled in order: each comes back after every other
 * one, so a miss case never finds one cached. One cursor for every miss case (the order stays strictly
 * cyclic); the verifier alone has its own, which leaves that order alone.
 */
export class TokenPool {
  private readonly tokens: readonly string[];
  private cursor = 0;
  private cutCursor = 0;

  constructor(issuer: Issuer, size: number) {
    this.tokens = Array.from({ length: size }, () => issuer.mint());
  }

  /** The next token of the miss cases. */
  next(): string {
    const token = this.tokens[this.cursor] as string;
    this.cursor = (this.cursor + 1) % this.tokens.length;
    return token;
  }

  /** The next token for the verifier alone, cut from a fresh header string as extract cuts it. */
  nextCut(): string {
    const token = this.tokens[this.cutCursor] as string;
    this.cutCursor = (this.cutCursor + 1) % this.tokens.length;
    return fresh(`Bearer ${token}`).slice(7);
  }
}

/** Headers of a first hop: a sampled traceparent, five baggage entries of the application, the token. */
export function firstHopHeaders(token: string): Headers {
  return {
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    baggage: [
      `session.id=${randomUUID()}`,
      'app.tier=gold',
      'feature.checkout=v2',
      'client.region=eu-west-1',
      'request.origin=web%20shop',
    ].join(','),
    authorization: `Bearer ${token}`,
  };
}

/** A copy in a new flat string, as the HTTP parser makes for every request. */
export const fresh = (value: string): string => Buffer.from(value, 'latin1').toString('latin1');

/** New strings for every header, so that no request reuses the previous one's strings (or their hashes). */
export function freshHeaders(headers: Headers, token?: string): Headers {
  return {
    traceparent: fresh(headers.traceparent),
    baggage: fresh(headers.baggage),
    authorization: token === undefined ? fresh(headers.authorization) : fresh(`Bearer ${token}`),
  };
}

/** Request options as `http.request` passes them to the outgoing span hook. */
export const OUTGOING_OPTIONS = Object.freeze({
  protocol: 'http:',
  hostname: 'b.internal',
  port: 8080,
  method: 'GET',
  path: '/orders/1234',
  headers: {},
});
