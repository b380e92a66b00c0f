// What the entry spans of the demo's scenarios must carry: the users' claims and the attribute sets
// otel-jwt writes for a valid or a refused token, compared exactly.
import { expect } from 'vitest';
import { auth, httpStatus, type TraceView } from './trace-view.ts';

export const HEX32 = /^[0-9a-f]{32}$/;
export const ALL_SCOPES = ['orders:write', 'inventory:reserve', 'payments:charge'];
export const ALICE = { 'user.roles': ['customer'], 'tenant.id': 'acme' };
export const BOB = { 'user.roles': ['customer', 'beta'], 'tenant.id': 'globex' };
export const CHAIN = ['gateway', 'orders', 'inventory', 'payments'];

export interface Expect {
  /** The auth attributes of a valid shop token's entry span, for this user and verdict. */
  validEntry(hash: string, claims: object, verdict: string, extra?: object): object;
  /** The gateway's `user.hash` in a scenario's trace (32 hex). */
  hashOf(scenario: string): string;
  /** Gateway starts the chain, every other hop is `consistent`, all for the same user. */
  consistentChain(traceId: string, hash: string, claims: object, extra?: object): void;
  /** The one service called refused the token with `code` (401), and the request went no further. */
  refusedAlone(traceId: string, service: string, code: string): void;
}

export function expectations(view: TraceView, issuer: string): Expect {
  const validEntry = (hash: string, claims: object, verdict: string, extra: object = {}) => ({
    'jwt.result': 'valid',
    'jwt.issuer': issuer,
    'jwt.client_id': 'shop-web',
    'jwt.scopes': ALL_SCOPES,
    'user.hash': hash,
    ...claims,
    'jwt.subject.verdict': verdict,
    ...extra,
  });
  return {
    validEntry,
    hashOf(scenario) {
      const hash = view.entry(view.traceOf(scenario), 'gateway').attributes['user.hash'];
      expect(hash).toMatch(HEX32);
      return String(hash);
    },
    consistentChain(traceId, hash, claims, extra = {}) {
      for (const service of CHAIN) {
        const verdict = service === 'gateway' ? 'no_upstream_proof' : 'consistent';
        expect(auth(view.entry(traceId, service)), service).toEqual(validEntry(hash, claims, verdict, extra));
      }
    },
    refusedAlone(traceId, service, code) {
      const entry = view.entry(traceId, service);
      // No verdict and no user attributes: nothing of a refused token is vouched for or recorded.
      expect(auth(entry), service).toEqual({ 'jwt.result': 'invalid', 'jwt.error_code': code });
      expect(httpStatus(entry), service).toBe(401);
      const services = view.spans(traceId).map((span) => span.service);
      expect(services.sort(), service).toEqual(['demo-driver', service]);
    },
  };
}
