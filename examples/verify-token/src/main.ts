// Verifies a handful of tokens the way a service using otel-jwt would, and prints each verdict.
// Run: pnpm --filter @otel-jwt/example-verify-token start (or the README's first command).
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createJwtVerifier, type VerifyResult } from 'otel-jwt';
import { serveJwks } from './jwks-endpoint.ts';

const ISSUER = 'https://idp.example';
const { publicKey, privateKey } = await generateKeyPair('ES256');
const { url, server } = await serveJwks([
  { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' },
]);

// The IdP is on loopback, so its JWKS URL is plain http; anywhere else otel-jwt requires https.
const verifier = createJwtVerifier({
  issuers: [{ issuer: ISSUER, audience: 'orders', keys: { type: 'jwks-uri', jwksUri: url } }],
});
await verifier.ready();

function mint(claims: JWTPayload, expiresIn: string | number = '5m', kid = 'key-1'): Promise<string> {
  return new SignJWT({ sub: 'alice', scope: 'orders:read', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience('orders')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}

const valid = await mint({});
const [header, payload] = valid.split('.');
const forgedPayload = Buffer.from(
  JSON.stringify({ iss: ISSUER, aud: 'orders', sub: 'mallory', exp: 4e9 }),
).toString('base64url');
const scenarios: [string, string][] = [
  ['valid token', valid],
  ['same token again (cache hit)', valid],
  ['expired token', await mint({}, Math.floor(Date.now() / 1000) - 3600)],
  ['claims swapped, signature kept', `${header}.${forgedPayload}.${valid.split('.')[2]}`],
  ['alg "none"', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`],
  ['key id the IdP never published', await mint({}, '5m', 'key-2')],
  ['not a token at all', 'hello'],
];

function describe(result: VerifyResult): string {
  if (result.status === 'valid') return `valid   sub=${String(result.claims.sub)} issuer=${result.issuer}`;
  return `${result.status.padEnd(10)} code=${result.code}`;
}

console.log(`otel-jwt example: issuer ${ISSUER}, keys from ${url}\n`);
for (const [name, token] of scenarios) {
  const started = process.hrtime.bigint();
  const result = verifier.verify(token);
  const micros = Number(process.hrtime.bigint() - started) / 1000;
  console.log(`${name.padEnd(34)} ${describe(result).padEnd(48)} ${micros.toFixed(1).padStart(7)} µs`);
}
console.log('\nkey status:', JSON.stringify(verifier.keyStatus()));

verifier.close();
server.close();
