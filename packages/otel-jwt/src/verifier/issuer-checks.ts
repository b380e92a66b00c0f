import { choiceOption, numberOption, stringList } from '../internal/config-checks.js';
import type { ClaimsPolicy } from './claims-policy.js';
import { acceptedTypeSet } from './header-policy.js';
import { subjectClaimOption } from './subject-claim.js';
import type { IssuerChecks } from './verifier-config.js';

/** The options of {@link IssuerChecks}, which every kind of issuer takes. */
export const CHECK_OPTIONS: readonly string[] = [
  'acceptedTypes',
  'missingType',
  'clockToleranceSeconds',
  'maxTokenAgeSeconds',
  'requiredClaims',
  'subjectClaim',
];

export const DEFAULT_ACCEPTED_TYPES: readonly string[] = ['JWT', 'at+jwt'];
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/** The header and claims rules of one issuer, checked and normalized. */
export interface ResolvedChecks {
  readonly acceptedTypes: ReadonlySet<string>;
  readonly missingTypeOk: boolean;
  readonly claims: ClaimsPolicy;
}

/**
 * Checks the options every issuer takes. `audiences` are the kind's checked audiences (undefined: `aud`
 * is not checked); `always` the claims the kind always requires besides `exp`, in jose's order.
 */
export function resolveChecks(
  config: IssuerChecks,
  path: string,
  audiences: readonly string[] | undefined,
  always: readonly string[],
): ResolvedChecks {
  const acceptedTypes = stringList(config.acceptedTypes ?? DEFAULT_ACCEPTED_TYPES, `${path}.acceptedTypes`);
  const missingType = choiceOption(config.missingType, 'accept', ['accept', 'reject'], `${path}.missingType`);
  const requiredClaims =
    config.requiredClaims === undefined ||
    (Array.isArray(config.requiredClaims) && config.requiredClaims.length === 0)
      ? []
      : stringList(config.requiredClaims, `${path}.requiredClaims`);
  const maxTokenAgeSeconds =
    config.maxTokenAgeSeconds === undefined
      ? undefined
      : numberOption(config.maxTokenAgeSeconds, 0, `${path}.maxTokenAgeSeconds`, { min: 0, max: 31_536_000 });
  const claims: ClaimsPolicy = {
    audiences,
    clockToleranceSeconds: numberOption(
      config.clockToleranceSeconds,
      DEFAULT_CLOCK_TOLERANCE_SECONDS,
      `${path}.clockToleranceSeconds`,
      // More than an hour of skew is a unit mistake (milliseconds for seconds), not a clock problem.
      { min: 0, max: 3600 },
    ),
    maxTokenAgeSeconds,
    // Presence order follows jose's, so both report the same first missing claim.
    presence: [
      ...new Set([...always, ...(maxTokenAgeSeconds === undefined ? [] : ['iat']), 'exp', ...requiredClaims]),
    ],
    subjectClaim: subjectClaimOption(config.subjectClaim, path),
  };
  return {
    acceptedTypes: acceptedTypeSet(acceptedTypes),
    missingTypeOk: missingType !== 'reject',
    claims,
  };
}
