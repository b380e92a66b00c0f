import {
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  jwtVerify,
} from 'jose';
import type { JwsAlgorithm, JwtVerifier } from '../../src/index.js';
import { createJwtVerifier } from '../../src/index.js';

/** One verification policy, expressed once and handed to both the verifier under test and jose. */
export interface SharedPolicy {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly algorithms: readonly JwsAlgorithm[];
  readonly jwks: readonly JWK[];
  readonly acceptedTypes: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds?: number;
  readonly requiredClaims: readonly string[];
}

export function verifierFor(policy: SharedPolicy, extra: { cacheMaxEntries?: number } = {}): JwtVerifier {
  return createJwtVerifier({
    ...extra,
    issuers: [
      {
        issuer: policy.issuer,
        audience: policy.audience,
        algorithms: policy.algorithms,
        acceptedTypes: policy.acceptedTypes,
        clockToleranceSeconds: policy.clockToleranceSeconds,
        ...(policy.maxTokenAgeSeconds === undefined ? {} : { maxTokenAgeSeconds: policy.maxTokenAgeSeconds }),
        requiredClaims: policy.requiredClaims,
        keys: { type: 'static', keys: [{ type: 'jwks', jwks: { keys: policy.jwks } }] },
      },
    ],
  });
}

/**
 * jose's verdict under the same policy. jose takes one `typ`, so an accepted list is tried value by
 * value, and a token without `typ` is checked without the option (missing `typ` is accepted by default).
 * `exp` is always required, as the verifier under test requires it.
 */
export async function joseAccepts(token: string, policy: SharedPolicy, now: Date): Promise<boolean> {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    return false;
  }
  const keySet = createLocalJWKSet({ keys: [...policy.jwks] });
  // jose's key sets hold public keys only; HMAC secrets are picked by kid (or alone) and passed directly.
  const keyFor = async (header: JWTHeaderParameters) => {
    if (!header.alg.startsWith('HS')) return keySet(header);
    const secrets = policy.jwks.filter(
      (j) => j.kty === 'oct' && (header.kid === undefined || j.kid === header.kid) && j.alg === header.alg,
    );
    if (secrets.length !== 1) throw new Error('no matching secret');
    return importJWK(secrets[0] as JWK, header.alg);
  };
  const typs = typ === undefined ? [undefined] : policy.acceptedTypes;
  for (const expected of typs) {
    try {
      await jwtVerify(token, keyFor, {
        issuer: policy.issuer,
        audience: [...policy.audience],
        algorithms: [...policy.algorithms],
        clockTolerance: policy.clockToleranceSeconds,
        ...(policy.maxTokenAgeSeconds === undefined ? {} : { maxTokenAge: policy.maxTokenAgeSeconds }),
        requiredClaims: ['exp', ...policy.requiredClaims],
        currentDate: now,
        ...(expected === undefined ? {} : { typ: expected }),
      });
      return true;
    } catch {
      // Rejected under this typ; try the next accepted one.
    }
  }
  return false;
}
