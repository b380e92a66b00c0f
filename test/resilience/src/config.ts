// The otel-jwt configuration of the service under fault: one remote issuer (the test IdP's JWKS),
// two mapped claims and a deployment key, as the package README sets it up; refresh timing per test.
import { randomBytes } from 'node:crypto';
import type { KeyRefreshConfig } from 'otel-jwt';
import { AUDIENCE, ISSUER } from './idp-server.ts';
import type { ServiceConfig } from './protocol.ts';

export function serviceConfig(jwksUri: string, keyRefresh: KeyRefreshConfig): ServiceConfig {
  return {
    verifier: {
      issuers: [{ issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri } }],
      keyRefresh,
    },
    claims: { roles: 'user.roles', tenant: 'tenant.id' },
    hmacKey: randomBytes(32).toString('hex'),
  };
}
