import { createJwtVerifier } from 'otel-jwt';

const verifier = createJwtVerifier({
  issuers: [
    {
      issuer: 'https://idp.example',
      audience: 'orders',
      keys: { type: 'discovery' }, // or { type: 'jwks-uri', jwksUri } or { type: 'static', keys: [...] }
    },
  ],
});
await verifier.ready(); // optional: first key fetch done (until then: 'unverified' / 'keys_unavailable')

export function identityOf(authorization: string | undefined): string | undefined {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const result = verifier.verify(token); // synchronous, never throws
  if (result.status === 'valid') return result.subject; // sub, or the issuer's subjectClaim
  console.warn(`token refused: ${result.status} ${result.code}`); // codes are safe to log
  return undefined;
}
