import { ConfigurationError } from '../errors.js';
import { knownOptions, stringList } from '../internal/config-checks.js';
import type { JwsAlgorithm } from '../keys/algorithms.js';
import { algorithmSpec, DEFAULT_REMOTE_ALGORITHMS, SUPPORTED_ALGORITHMS } from '../keys/algorithms.js';
import { discoveryIssuerProblem, keyEndpointProblem } from '../keys/endpoint-url.js';
import { KeyRing } from '../keys/key-ring.js';
import type { RefreshSettings } from '../keys/refresh-settings.js';
import { RemoteKeySource } from '../keys/remote-key-source.js';
import { importStaticKeys } from '../keys/static-keys.js';
import { type IntrospectionSettings, introspectionSettings } from '../revocation/introspection-settings.js';
import { type StatusListSettings, statusListSettings } from '../revocation/status-list-settings.js';
import type { ClaimsPolicy } from './claims-policy.js';
import { CHECK_OPTIONS, resolveChecks } from './issuer-checks.js';
import type { TrustedIssuerConfig } from './verifier-config.js';

/** Everything the verifier needs about one issuer, checked and normalized once at start-up. */
export interface IssuerPolicy {
  /** `issuer`: tokens whose `iss` names it; `self-issued`: tokens without `iss`. */
  readonly kind: 'issuer' | 'self-issued';
  /** The trusted issuer's `iss`, or the self-issued issuer's `name`: what results, metrics and proofs name. */
  readonly issuer: string;
  readonly algorithms: ReadonlySet<string>;
  readonly acceptedTypes: ReadonlySet<string>;
  readonly missingTypeOk: boolean;
  readonly claims: ClaimsPolicy;
  /** The claim naming the user (`claims.subjectClaim`), where `subjectOf` (subject-claim.ts) reads it. */
  readonly subjectClaim: string;
  readonly ring: KeyRing;
  readonly source: RemoteKeySource | undefined;
  readonly sourceType: 'static' | 'jwks-uri' | 'discovery';
  /** Status list checks of a trusted issuer; undefined: off. */
  readonly statusList?: StatusListSettings;
  /** Introspection of the issuer's opaque tokens; undefined: none. */
  readonly introspection?: IntrospectionSettings;
}

const ISSUER_OPTIONS = [
  'kind',
  'issuer',
  'audience',
  'keys',
  'algorithms',
  'statusList',
  'introspection',
  ...CHECK_OPTIONS,
];

/** The policy of a trusted issuer (a self-issued one is built by `buildSelfIssuedPolicy`). */
export function buildIssuerPolicy(
  config: TrustedIssuerConfig,
  path: string,
  refresh: RefreshSettings,
): IssuerPolicy {
  // The kind first: a misspelt kind would otherwise show as the other kind's options being unknown.
  const kind = (config as { kind?: unknown } | null)?.kind;
  if (kind !== undefined && kind !== 'issuer') {
    throw new ConfigurationError(`${path}.kind must be "issuer" (the default) or "self-issued"`);
  }
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
  const statusList =
    config.statusList === undefined ? undefined : statusListSettings(config.statusList, `${path}.statusList`);
  const introspection =
    config.introspection === undefined
      ? undefined
      : introspectionSettings(config.introspection, `${path}.introspection`);
  // With `required`, a token without a `status` claim is refused as missing one, like any required claim.
  const checks = resolveChecks(
    config,
    path,
    audiences,
    statusList?.mode === 'required' ? ['iss', 'aud', 'status'] : ['iss', 'aud'],
  );

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
    kind: 'issuer',
    issuer,
    algorithms: new Set(algorithms),
    ...checks,
    subjectClaim: checks.claims.subjectClaim,
    ring,
    source,
    sourceType,
    ...(statusList === undefined ? {} : { statusList }),
    ...(introspection === undefined ? {} : { introspection }),
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
