import { ConfigurationError } from '../errors.js';
import type { RefreshSettings } from '../keys/refresh-settings.js';
import { buildIssuerPolicy, type IssuerPolicy } from './issuer-policy.js';
import { buildSelfIssuedPolicy } from './self-issued-policy.js';
import type { IssuerConfig, SelfIssuedConfig, TrustedIssuerConfig } from './verifier-config.js';

/** The issuers of one verifier, checked together: names unique, at most one self-issued issuer. */
export interface IssuerRegistry {
  /** Every issuer by the name its results carry, in configuration order. */
  readonly all: ReadonlyMap<string, IssuerPolicy>;
  /** Trusted issuers by their `iss`. */
  readonly trusted: ReadonlyMap<string, IssuerPolicy>;
  /** The issuer of tokens without `iss`, if one is configured. */
  readonly selfIssued: IssuerPolicy | undefined;
}

export function buildIssuerRegistry(issuers: unknown, refresh: RefreshSettings): IssuerRegistry {
  if (!Array.isArray(issuers) || issuers.length === 0) {
    throw new ConfigurationError('issuers must list at least one trusted issuer');
  }
  const all = new Map<string, IssuerPolicy>();
  const trusted = new Map<string, IssuerPolicy>();
  let selfIssued: IssuerPolicy | undefined;
  issuers.forEach((config: IssuerConfig, index) => {
    const path = `issuers[${index}]`;
    const policy =
      (config as { kind?: unknown } | null)?.kind === 'self-issued'
        ? buildSelfIssuedPolicy(config as SelfIssuedConfig, path)
        : buildIssuerPolicy(config as TrustedIssuerConfig, path, refresh);
    if (policy.kind === 'self-issued') {
      if (selfIssued !== undefined) {
        throw new ConfigurationError(
          `${path}.kind: at most one self-issued issuer; give its secrets to the first one`,
        );
      }
      selfIssued = policy;
    }
    // Results, metrics and proofs name the issuer: two issuers under one name would be told apart by none.
    const known = all.get(policy.issuer);
    if (known !== undefined) {
      if (known.kind === 'issuer' && policy.kind === 'issuer') {
        throw new ConfigurationError(
          `${path}.issuer repeats an issuer configured before it; list each issuer once`,
        );
      }
      const field = policy.kind === 'issuer' ? 'issuer' : 'name';
      const other = known.kind === 'issuer' ? 'a trusted issuer' : 'the self-issued issuer';
      throw new ConfigurationError(
        `${path}.${field} is also the name of ${other}; give the self-issued tokens a name of their own`,
      );
    }
    all.set(policy.issuer, policy);
    if (policy.kind === 'issuer') trusted.set(policy.issuer, policy);
  });
  return { all, trusted, selfIssued };
}
