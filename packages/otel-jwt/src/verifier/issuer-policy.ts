import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption, stringList } from '../internal/config-checks.js';
import type { JwsAlgorithm } from '../keys/algorithms.js';
import { algorithmSpec, DEFAULT_REMOTE_ALGORITHMS, SUPPORTED_ALGORITHMS } from '../keys/algorithms.js';
import { discoveryIssuerProblem, keyEndpointProblem } from '../keys/endpoint-url.js';
import { KeyRing } from '../keys/key-ring.js';
import type { RefreshSettings } from '../keys/refresh-settings.js';
import { RemoteKeySource } from '../keys/remote-key-source.js';
import { importStaticKeys } from '../keys/static-keys.js';
import type { ClaimsPolicy } from './claims-policy.js';
import { acceptedTypeSet } from './header-policy.js';
import type { IssuerConfig } from './verifier-config.js';

/** Everything the verifier needs about one issuer, checked and normalized once at start-up. */
export interface IssuerPolicy {
  readonly issuer: string;
  readonly algorithms: ReadonlySet<string>;
  readonly acceptedTypes: ReadonlySet<string>;
  readonly missingTypeOk: boolean;
  readonly claims: ClaimsPolicy;
  readonly ring: KeyRing;
  readonly source: RemoteKeySource | undefined;
  readonly sourceType: 'static' | 'jwks-uri' | 'discovery';
}

const ISSUER_OPTIONS = [
  'issuer',
  'audience',
  'keys',
  'algorithms',
  'acceptedTypes',
  'missingType',
  'clockToleranceSeconds',
  'maxTokenAgeSeconds',
  'requiredClaims',
];

export const DEFAULT_ACCEPTED_TYPES: readonly string[] = ['JWT', 'at+jwt'];
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

export function buildIssuerPolicy(
  config: IssuerConfig,
  path: string,
  refresh: RefreshSettings,
): IssuerPolicy {
  knownOptions(config, ISSUER_OPTIONS, path);
  const { issuer, keys } = config;
  if (typeof issuer !== 'string' || issuer.length === 0) {
    throw new ConfigurationError(
      `${path}.issuer must be the exact, non-empty "iss" value of the issuer's tokens`,
    );
  }
  const audiences = stringList(config.audience, `${path}.audience`);
  const explicit =
    config.algorithms === undefined ? undefined : algorithmList(config.algorithms, `${path}.algorithms`);
  const acceptedTypes = stringList(config.acceptedTypes ?? DEFAULT_ACCEPTED_TYPES, `${path}.acceptedTypes`);
  if (
    config.missingType !== undefined &&
    config.missingType !== 'accept' &&
    config.missingType !== 'reject'
  ) {
    throw new ConfigurationError(`${path}.missingType must be "accept" or "reject"`);
  }
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
      ...new Set([
        'iss',
        'aud',
        ...(maxTokenAgeSeconds === undefined ? [] : ['iat']),
        'exp',
        ...requiredClaims,
      ]),
    ],
  };

  const ring = new KeyRing();
  let algorithms: readonly JwsAlgorithm[];
  let source: RemoteKeySource | undefined;
  const sourceType = keys?.type;
  switch (sourceType) {
    case 'static': {
      knownOptions(keys, ['type', 'keys'], `${path}.keys`);
      const bound = importStaticKeys(keys.keys as never, `${path}.keys`, explicit ?? SUPPORTED_ALGORITHMS);
      ring.replace(bound);
      algorithms = explicit ?? [...new Set(bound.map((k) => k.spec.alg))];
      break;
    }
    case 'jwks-uri': {
      knownOptions(keys, ['type', 'jwksUri'], `${path}.keys`);
      const problem = keyEndpointProblem(keys.jwksUri);
      if (problem !== undefined) throw new ConfigurationError(`${path}.keys.jwksUri ${problem}`);
      algorithms = remoteAlgorithms(explicit, path);
      source = new RemoteKeySource(issuer, { jwksUri: keys.jwksUri }, ring, algorithms, refresh);
      break;
    }
    case 'discovery': {
      knownOptions(keys, ['type'], `${path}.keys`);
      const problem = discoveryIssuerProblem(issuer);
      if (problem !== undefined)
        throw new ConfigurationError(`${path}.issuer, used for discovery, ${problem}`);
      algorithms = remoteAlgorithms(explicit, path);
      source = new RemoteKeySource(issuer, { discovery: true }, ring, algorithms, refresh);
      break;
    }
    default:
      throw new ConfigurationError(`${path}.keys.type must be "static", "jwks-uri" or "discovery"`);
  }
  return {
    issuer,
    algorithms: new Set(algorithms),
    acceptedTypes: acceptedTypeSet(acceptedTypes),
    missingTypeOk: config.missingType !== 'reject',
    claims,
    ring,
    source,
    sourceType,
  };
}

function algorithmList(value: unknown, path: string): JwsAlgorithm[] {
  const list = stringList(value, path);
  for (const alg of list) {
    if (algorithmSpec(alg) === undefined) {
      throw new ConfigurationError(
        `${path} lists an unsupported algorithm; use any of ${SUPPORTED_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return list as JwsAlgorithm[];
}

function remoteAlgorithms(
  explicit: readonly JwsAlgorithm[] | undefined,
  path: string,
): readonly JwsAlgorithm[] {
  if (explicit?.some((alg) => algorithmSpec(alg)?.family === 'hmac')) {
    throw new ConfigurationError(
      `${path}.algorithms: HMAC algorithms need a static shared secret, not a remote key set`,
    );
  }
  return explicit ?? DEFAULT_REMOTE_ALGORITHMS;
}
