import type { Identity } from '../../src/identity.js';
import type { AuthResult } from '../../src/request-auth.js';
import { issueProof } from '../../src/subject-proof.js';
import { resolveTelemetrySettings } from '../../src/telemetry-settings.js';
import type { ValidResult } from '../../src/verify-result.js';
import { HMAC_KEY, ISSUER, TRACE_ID } from './telemetry-fixtures.js';

// Inputs of the pure extract steps (auth-extract.ts): settings, subject digests, results, identities.

export const settings = resolveTelemetrySettings({
  verifier: { issuers: [] },
  hmacKey: HMAC_KEY,
  claims: { tenant: 'tenant.id' },
  protectedBaggageKeys: ['legacy.flag'],
});
export const { keys } = settings;
export const ALICE = keys.subjectDigest(ISSUER, 'alice');
export const BOB = keys.subjectDigest(ISSUER, 'bob');
export const VALID = Object.freeze({
  status: 'valid',
  header: { alg: 'ES256' },
  claims: {},
  issuer: ISSUER,
}) as unknown as ValidResult;
export const ABSENT: AuthResult = { status: 'absent' };

export function identity(subjectDigest: string | undefined, extra: Partial<Identity> = {}): Identity {
  return { attributes: { 'jwt.issuer': ISSUER }, baggage: [], subjectDigest, delegated: false, ...extra };
}
export const proofOf = (digest: string, traceId = TRACE_ID) => issueProof(keys, traceId, digest);
