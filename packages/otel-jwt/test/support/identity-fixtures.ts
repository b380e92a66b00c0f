import { expect } from 'vitest';
import { type Identity, IdentityCache } from '../../src/propagator/identity.js';
import type { JwtTelemetryConfig } from '../../src/propagator/telemetry-config.js';
import { resolveTelemetrySettings, type TelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import type { JwtVerifierConfig } from '../../src/verifier/verifier-config.js';
import type { ValidResult } from '../../src/verifier/verify-result.js';
import { tokenMaterialIn } from './leak-scanner.js';
import { AUDIENCE, HMAC_KEY, ISSUER, KEY, mint } from './telemetry-fixtures.js';

/** Builds identities from tokens that really verified: a verifier of the telemetry test issuer. */

const VERIFIER: JwtVerifierConfig = {
  issuers: [
    {
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { type: 'static', keys: [{ type: 'jwk', jwk: KEY.publicJwk }] },
    },
  ],
};
/** Close it in afterAll of each test file that uses it. */
export const verifier = createJwtVerifier(VERIFIER);

export const settingsOf = (over: Partial<JwtTelemetryConfig> = {}): TelemetrySettings =>
  resolveTelemetrySettings({ verifier: VERIFIER, hmacKey: HMAC_KEY, ...over });

/** A minted token and its valid result; throws when the token does not verify. */
export function verified(claims: Record<string, unknown>): { token: string; result: ValidResult } {
  const token = mint(claims);
  const result = verifier.verify(token);
  if (result.status !== 'valid') throw new Error(`test setup: token did not verify (${result.code})`);
  return { token, result };
}

export function identityOf(claims: Record<string, unknown>, over: Partial<JwtTelemetryConfig> = {}) {
  const settings = settingsOf(over);
  const { token, result } = verified(claims);
  return { identity: new IdentityCache(settings).of(result, token), settings, token };
}

export const attributesOf = (claims: Record<string, unknown>, over: Partial<JwtTelemetryConfig> = {}) =>
  identityOf(claims, over).identity.attributes;

/** No 16-character piece of the token in any attribute or baggage text (invariant 1). */
export function expectNoTokenPiece(identity: Identity, token: string): void {
  const texts = [
    ...Object.values(identity.attributes).flatMap((value) => (Array.isArray(value) ? value : [value])),
    ...identity.baggage.flatMap(([key, entry]) => [key, entry.value]),
  ].map(String);
  expect(tokenMaterialIn(token, texts)).toBeUndefined();
}
