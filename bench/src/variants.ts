// Sets up one configuration in the service process. Only B, C and D load OpenTelemetry (dynamic
// imports), so A runs with none of it in the process.
import { randomBytes } from 'node:crypto';
import { type Handler, plainHandler } from './answer.ts';
import type { ServiceConfig } from './protocol.ts';

export interface RunningVariant {
  readonly handle: Handler;
  shutdown(): Promise<void>;
}

export async function startVariant(config: ServiceConfig): Promise<RunningVariant> {
  if (config.variant === 'A') return { handle: plainHandler, shutdown: () => Promise.resolve() };
  const { startSdk } = await import('./sdk.ts');
  if (config.variant === 'B') {
    const sdk = startSdk(undefined);
    return { handle: plainHandler, shutdown: () => sdk.shutdown() };
  }
  const handlers = await import('./handlers.ts');
  if (config.variant === 'D') {
    const sdk = startSdk(undefined);
    const handle = handlers.joseHandler(config.jwksUri, config.issuer, config.audience);
    return { handle, shutdown: () => sdk.shutdown() };
  }
  const { createJwtTelemetry } = await import('otel-jwt');
  // As the package README sets it up: two mapped claims and a deployment key for the subject proof.
  const jwt = createJwtTelemetry({
    verifier: {
      issuers: [
        {
          issuer: config.issuer,
          audience: config.audience,
          keys: { type: 'jwks-uri', jwksUri: config.jwksUri },
        },
      ],
      ...(config.cacheMaxEntries === undefined ? {} : { cacheMaxEntries: config.cacheMaxEntries }),
    },
    claims: { roles: 'user.roles', tenant: 'tenant.id' },
    hmacKey: randomBytes(32),
  });
  const sdk = startSdk(jwt);
  await jwt.ready();
  return { handle: handlers.otelJwtHandler(config.countHits === true), shutdown: () => sdk.shutdown() };
}
