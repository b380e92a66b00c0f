import type { JwtTelemetryConfig } from '../../src/index.js';
import { TRUSTED_ORIGIN } from './telemetry-fixtures.js';

/** The service of the invariant 1 to 3 tests: two claims mapped, TRUSTED_ORIGIN trusted, token to billing. */
export const invariantSetup = {
  claims: { roles: 'user.roles', tenant: 'tenant.id' },
  trustedDestinations: [TRUSTED_ORIGIN],
  forwardToken: { to: ['https://billing.internal'] },
} satisfies Partial<JwtTelemetryConfig>;

/** Throws whenever called: a getter, carrier trap, destination rule or setter that refuses. */
export const throwing = (): never => {
  throw new Error('refused');
};
