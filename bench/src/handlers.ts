// Request handlers of configurations C and D.
import { context, trace } from '@opentelemetry/api';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { getAuth } from 'otel-jwt';
import { answer, counters, type Handler } from './answer.ts';

/**
 * C: the identity otel-jwt verified in the propagator. With `countHits`, a valid result object seen
 * before is a verified-cache hit: the cache hands back the result it stored, a verification makes a
 * new one. A WeakSet keeps no result alive, so counting holds nothing the cache does not hold already.
 */
export function otelJwtHandler(countHits: boolean): Handler {
  const seen = new WeakSet<object>();
  return (_req, res) => {
    const result = getAuth(context.active())?.result;
    const ok = result?.status === 'valid';
    if (ok && countHits) {
      if (seen.has(result)) counters.hits++;
      else {
        seen.add(result);
        counters.misses++;
      }
    }
    answer(res, ok);
  };
}

/** D: what services do without otel-jwt: jose verifies the bearer token in the handler, keys from the JWKS. */
export function joseHandler(jwksUri: string, issuer: string, audience: string): Handler {
  const keys = createRemoteJWKSet(new URL(jwksUri));
  return (req, res) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
    const span = trace.getActiveSpan();
    jwtVerify(token, keys, { issuer, audience }).then(
      ({ payload }) => {
        // The identity on the span, which is what otel-jwt gives C.
        if (typeof payload.sub === 'string') span?.setAttribute('user.id', payload.sub);
        answer(res, true);
      },
      () => answer(res, false),
    );
  };
}
