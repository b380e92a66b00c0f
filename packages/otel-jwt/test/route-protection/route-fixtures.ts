// The real path of the adapter tests: a started NodeSDK with otel-jwt's propagator and instrumentation-http,
// so the JWT propagator's extract runs on each real request before the framework sees it. Tokens are signed
// with jose; the test issuer's key is static, and a second issuer's key endpoint answers 500, so its tokens
// are `unverified` / `keys_unavailable` (an outage).
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createJwtTelemetry, type JwtTelemetry } from '../../src/index.js';
import { type JwksServer, startJwksServer } from '../support/jwks-server.js';

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'orders';
export const KID = 'route-key';

const { privateKey, publicKey } = await generateKeyPair('ES256');
const publicJwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256' };

/** A token of the test issuer (valid for an hour); `claims` override the defaults, `kid` the header's. */
export function sign(claims: JWTPayload = {}, kid = KID): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now, exp: now + 3600, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .sign(privateKey);
}

/** The NodeSDK of one test file, and what it needs to stop. */
export interface RealPath {
  readonly jwt: JwtTelemetry;
  /** The issuer whose keys never load: its tokens are `unverified` / `keys_unavailable`. */
  readonly downIssuer: string;
  stop(): Promise<void>;
}

export async function startRealPath(): Promise<RealPath> {
  const down: JwksServer = await startJwksServer();
  down.mode = 'http-500';
  const jwt = createJwtTelemetry({
    verifier: {
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          keys: { type: 'static', keys: [{ type: 'jwk', jwk: publicJwk }] },
        },
        { issuer: down.url, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: down.jwksUri } },
      ],
    },
    hmacKey: 'k'.repeat(40),
  });
  const sdk = new NodeSDK({
    textMapPropagator: jwt.propagator,
    spanProcessors: [jwt.spanProcessor],
    instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // instrumentation-http patches node:http when it is next required; Server.prototype.emit is shared, so
  // every server of this process (the frameworks' ones included) extracts from then on.
  createRequire(import.meta.url)('node:http');
  return {
    jwt,
    downIssuer: down.url,
    async stop() {
      await sdk.shutdown();
      await down.stop();
    },
  };
}

/** Starts `server` on 127.0.0.1 with an ephemeral port; resolves with its origin. */
export async function listen(server: Http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What came back from one request. */
export interface Answer {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
  readonly body: string;
}

/** One GET with the given headers (global fetch, not instrumented here). */
export async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** The Authorization header of a Bearer token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
