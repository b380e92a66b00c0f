// The tokens of the forged floods: every one never sent before and random from end to end (no
// 16-character window repeats), from a fixed seed. Built before a phase, so the load generator does
// the same little work per request in the benign and the hostile phase.
import { forgedToken, issuerClaims } from './jwt-shape.ts';
import { randomText, seededBytes } from './seeded-bytes.ts';

/** The verifier's default `maxTokenBytes`: the forged tokens are just under it, so they are parsed. */
export const MAX_TOKEN_CHARS = 8_192;
export const NEAR_LIMIT_CHARS = MAX_TOKEN_CHARS - 2;
/** A client credential a gateway forwards: over the token limit, under Node's 16 KiB header limit. */
export const GATEWAY_CREDENTIAL_CHARS = 12_288;

function tokens(count: number, token: (n: number) => string): string[] {
  return Array.from({ length: count }, (_, n) => token(n));
}

/** Tokens naming the configured issuer and a `kid` the key set never had, one `kid` per token. */
export function forgedUnknownKidTokens(count: number): string[] {
  const bytes = seededBytes('unknown kid');
  return tokens(count, (n) =>
    forgedToken(
      { alg: 'ES256', typ: 'at+jwt', kid: `rogue-${n.toString(36)}` },
      issuerClaims(n),
      NEAR_LIMIT_CHARS,
      bytes,
    ),
  );
}

/** Tokens naming the configured issuer and a published `kid`, with a random signature. */
export function forgedSignatureTokens(count: number, kid: string): string[] {
  const bytes = seededBytes('bad signature');
  return tokens(count, (n) =>
    forgedToken({ alg: 'ES256', typ: 'at+jwt', kid }, issuerClaims(n), NEAR_LIMIT_CHARS, bytes),
  );
}

/** JWT-shaped client credentials of another issuer, too large for the verifier, for a gateway to forward. */
export function gatewayCredentials(count: number): string[] {
  const bytes = seededBytes('gateway credential');
  return tokens(count, (n) =>
    forgedToken(
      { alg: 'ES256', typ: 'JWT' },
      { iss: 'https://clients.partner.test', sub: `client-${n}`, exp: 9_999_999_999 },
      GATEWAY_CREDENTIAL_CHARS,
      bytes,
    ),
  );
}

/** Opaque credentials nobody issued, of the length of a large opaque access token. */
export const GARBAGE_CREDENTIAL_CHARS = 2_048;

/**
 * Per request, three credentials never sent before: an opaque bearer token, an API key and a session
 * cookie. Each is remembered for redaction (unvouched), so this is the flood that buys the most work
 * there: 6 KB of new credentials a request.
 */
export function garbageCredentials(count: number): Record<string, string>[] {
  const bytes = seededBytes('garbage credentials');
  return Array.from({ length: count }, () => ({
    authorization: `Bearer ${randomText(bytes, GARBAGE_CREDENTIAL_CHARS)}`,
    'x-api-key': randomText(bytes, GARBAGE_CREDENTIAL_CHARS),
    cookie: `theme=dark; sid=${randomText(bytes, GARBAGE_CREDENTIAL_CHARS)}`,
  }));
}
