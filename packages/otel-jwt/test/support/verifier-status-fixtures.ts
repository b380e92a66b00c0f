import { diag } from '@opentelemetry/api';
import { type JWTPayload, SignJWT } from 'jose';
import { afterEach, vi } from 'vitest';
import {
  createJwtVerifier,
  type JwtVerifier,
  type JwtVerifierConfig,
  type StatusListConfig,
} from '../../src/index.js';
import { countBackgroundWork } from '../../src/internal/background-counts.js';
import { statusListFetchCounts } from '../../src/revocation/status-list-outcomes.js';
import { until } from './remote-fixtures.js';
import { countsOf, LIST_ISSUER } from './status-list-fixtures.js';
import { type ListSigningKey, makeListKey, StatusListServer } from './status-list-server.js';

// Verifiers of one trusted issuer whose status lists and key set a StatusListServer serves: tokens signed
// with a token key, lists with the server's list key, both published in the server's JWKS. Each verifier's
// list fetches are counted (as a telemetry counts them), so tests wait for a fetch instead of sleeping.

export const AUDIENCE = 'orders';

/** The issuer side of the tests: its list server and the key its access tokens are signed with. */
export interface ListIssuer {
  readonly server: StatusListServer;
  readonly tokenKey: ListSigningKey;
  /** An access token of the issuer, valid for a day from the (possibly faked) clock. */
  token(claims?: JWTPayload): Promise<string>;
}

/** A verifier under test with its counted status list fetches. */
export interface StatusVerifier {
  readonly verifier: JwtVerifier;
  /** The list fetch outcomes so far, as `{ outcome: count }`. */
  fetches(): Record<string, number>;
  /** Resolves once `count` list fetches (all outcomes) have finished, within a few seconds of real time. */
  fetched(count: number): Promise<void>;
}

export function useStatusVerifiers(): {
  issuer(prepare?: (server: StatusListServer) => void): Promise<ListIssuer>;
  verifier(
    issuer: ListIssuer,
    statusList?: Partial<StatusListConfig>,
    extra?: Omit<JwtVerifierConfig, 'issuers'>,
  ): Promise<StatusVerifier>;
} {
  const servers: StatusListServer[] = [];
  const verifiers: JwtVerifier[] = [];
  afterEach(async () => {
    for (const verifier of verifiers.splice(0)) verifier.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    vi.useRealTimers();
    diag.disable();
  });
  return {
    async issuer(prepare = () => {}) {
      const server = new StatusListServer();
      const tokenKey = await makeListKey('token-key-1');
      server.signer = await makeListKey('list-key-1');
      server.jwks = [server.signer.jwk, tokenKey.jwk];
      prepare(server);
      servers.push(await server.start());
      return {
        server,
        tokenKey,
        token: (claims = {}) =>
          new SignJWT({ sub: 'alice', ...claims })
            .setProtectedHeader({ alg: 'ES256', kid: tokenKey.kid, typ: 'JWT' })
            .setIssuer(LIST_ISSUER)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime('24h')
            .sign(tokenKey.privateKey),
      };
    },
    async verifier({ server }, statusList = {}, extra = {}) {
      const counts = statusListFetchCounts();
      const verifier = countBackgroundWork({ statusListFetches: counts }, () =>
        createJwtVerifier({
          ...extra,
          issuers: [
            {
              issuer: LIST_ISSUER,
              audience: AUDIENCE,
              algorithms: ['ES256'],
              keys: { type: 'jwks-uri', jwksUri: server.jwksUri },
              statusList: {
                mode: 'when-present',
                allowedUris: [server.listsPrefix],
                fetchTimeoutMilliseconds: 2000,
                ...statusList,
              },
            },
          ],
        }),
      );
      verifiers.push(verifier);
      await verifier.ready();
      const fetches = () => countsOf(counts);
      const total = () => Object.values(fetches()).reduce((a, b) => a + b, 0);
      return { verifier, fetches, fetched: (count) => until(() => total() >= count) };
    },
  };
}
