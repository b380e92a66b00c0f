// The otel-jwt configuration every test service starts from; scenarios may override it per service.
import type { JwtTelemetryConfig } from 'otel-jwt';
import type { ServiceName } from './protocol.ts';
import type { TokenIssuer } from './tokens.ts';

/** Where a service sits in the chain, for configurations that name destinations. */
export interface ServiceContext {
  readonly name: ServiceName;
  /** Origin of the service this one calls next (B for A, C for B); undefined for C. */
  readonly next: string | undefined;
  readonly trustedSink: string;
  readonly untrustedSink: string;
}

export type TelemetryOverride = (base: JwtTelemetryConfig, context: ServiceContext) => JwtTelemetryConfig;

export type ChainOverrides = Partial<Record<ServiceName, TelemetryOverride>>;

export function baseTelemetry(tokens: TokenIssuer, hmacKey: string, at: ServiceContext): JwtTelemetryConfig {
  return {
    verifier: {
      issuers: [
        {
          issuer: tokens.issuer,
          audience: tokens.audience,
          keys: { type: 'static', keys: [{ type: 'jwk', jwk: tokens.publicJwk, alg: 'ES256' }] },
        },
      ],
    },
    // The cookie source too, so garbage cookies reach the token reader.
    tokenSources: [{ type: 'authorization' }, { type: 'cookie', name: 'session' }],
    claims: { roles: 'user.roles', tenant: { key: 'tenant.id', maxValueChars: 16 } },
    // Shared by all three services, so proofs and pseudonyms agree across hops.
    hmacKey,
    // Each service trusts its next hop and the trusted sink; the untrusted sink is trusted by none.
    trustedDestinations: at.next === undefined ? [at.trustedSink] : [at.next, at.trustedSink],
    // The library forwards the token to the trusted sink only; between services the apps forward it
    // themselves ('keep'), so that a scenario can drop or swap it at one hop.
    forwardToken: { to: [at.trustedSink] },
  };
}
