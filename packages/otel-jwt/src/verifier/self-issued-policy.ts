import { ConfigurationError } from '../errors.js';
import { knownOptions, stringList } from '../internal/config-checks.js';
import type { StaticKey } from '../keys/key-config.js';
import { KeyRing } from '../keys/key-ring.js';
import { importStaticKeys } from '../keys/static-keys.js';
import { CHECK_OPTIONS, resolveChecks } from './issuer-checks.js';
import type { IssuerPolicy } from './issuer-policy.js';
import type { SelfIssuedConfig } from './verifier-config.js';

const SELF_ISSUED_OPTIONS = ['kind', 'name', 'secrets', 'audience', ...CHECK_OPTIONS];
const SECRET_OPTIONS = ['secret', 'alg', 'kid'];
const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

/**
 * The policy of a service's own shared-secret tokens, which carry no `iss` (and often no `aud`): only
 * HMAC secrets, `aud` checked only when audiences are configured, `exp` required as for any issuer. The
 * tokens gain nothing from an `iss` check: whoever holds the secret can write any `iss` they like.
 */
export function buildSelfIssuedPolicy(config: SelfIssuedConfig, path: string): IssuerPolicy {
  knownOptions(config, SELF_ISSUED_OPTIONS, path);
  const { name, secrets } = config;
  if (typeof name !== 'string' || name.length === 0 || name.trim() !== name) {
    throw new ConfigurationError(
      `${path}.name must be a non-empty name without surrounding whitespace, reported as the tokens' issuer`,
    );
  }
  const audiences =
    config.audience === undefined ? undefined : stringList(config.audience, `${path}.audience`);
  const checks = resolveChecks(config, path, audiences, audiences === undefined ? [] : ['aud']);
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new ConfigurationError(`${path}.secrets must list at least one shared secret`);
  }
  const keys = secrets.map((entry, index): StaticKey => {
    const where = `${path}.secrets[${index}]`;
    knownOptions(entry, SECRET_OPTIONS, where);
    if (!(HMAC_ALGORITHMS as readonly unknown[]).includes(entry.alg)) {
      throw new ConfigurationError(
        `${where}.alg must be HS256, HS384 or HS512: a self-issued issuer takes shared secrets only (use a trusted issuer with keys for others)`,
      );
    }
    return {
      type: 'secret',
      secret: entry.secret,
      alg: entry.alg,
      ...(entry.kid === undefined ? {} : { kid: entry.kid }),
    };
  });
  const ring = new KeyRing();
  ring.replace(importSecrets(keys, path));
  return {
    kind: 'self-issued',
    issuer: name,
    algorithms: new Set(secrets.map((entry) => entry.alg)),
    ...checks,
    subjectClaim: checks.claims.subjectClaim,
    ring,
    source: undefined,
    sourceType: 'static',
  };
}

/** The secrets as bound keys; a mistake is reported under `secrets`, where the configuration has them. */
function importSecrets(keys: readonly StaticKey[], path: string) {
  try {
    return importStaticKeys(keys, path, HMAC_ALGORITHMS);
  } catch (error) {
    // The static key import names entries `<path>.keys[i]`; here they are `<path>.secrets[i]`.
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ConfigurationError(error.message.replaceAll(`${path}.keys`, `${path}.secrets`));
  }
}
