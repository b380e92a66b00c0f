import type { Context } from '@opentelemetry/api';
import type { JwtTelemetry } from '../../src/index.js';
import { extract, mint, TRACEPARENT, TRUSTED_ORIGIN, telemetry } from './telemetry-fixtures.js';

/** Telemetry of the span processor tests: three claims mapped onto spans, TRUSTED_ORIGIN trusted. */
export function spanTelemetry(): JwtTelemetry {
  return telemetry({
    claims: { roles: 'user.roles', tenant: 'tenant.id', level: 'user.level' },
    trustedDestinations: [TRUSTED_ORIGIN],
  });
}

/** A token carrying every claim {@link spanTelemetry} maps: two roles, tenant `acme`, level 3. */
export const spanToken = (): string => mint({ roles: ['admin', 'reader'], tenant: 'acme', level: 3 });

/** A request with traceparent, `headers` and nothing else, as `jwt`'s propagator extracts it. */
export const spanRequest = (jwt: JwtTelemetry, headers: Record<string, string>): Context =>
  extract(jwt.propagator, { traceparent: TRACEPARENT, ...headers });

/** A request with a valid {@link spanToken} whose client also sent a forged `user.roles` baggage entry. */
export const validRequest = (jwt: JwtTelemetry): Context =>
  spanRequest(jwt, { authorization: `Bearer ${spanToken()}`, baggage: 'user.roles=forged' });
