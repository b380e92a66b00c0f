import { ConfigurationError } from '../errors.js';
import { backgroundCountsInScope } from '../internal/background-counts.js';
import { DenyList } from '../revocation/deny-list.js';
import { denyListSettings } from '../revocation/deny-list-settings.js';
import { Introspections } from '../revocation/introspections.js';
import { StatusLists } from '../revocation/status-lists.js';
import { IntrospectedTokens } from './introspected-tokens.js';
import type { IssuerPolicy } from './issuer-policy.js';
import { type IssuerStatusLists, RevocationChecks } from './revocation-checks.js';
import { makeListTokenCheck } from './status-list-token.js';
import type { TokenParts } from './token-parts.js';
import type { JwtVerifierConfig } from './verifier-config.js';

/** What a verifier checks beyond the signature and claims: revocation, and opaque tokens by introspection. */
export interface RevocationSetup {
  readonly checks: RevocationChecks;
  /** The opaque tokens of the one issuer with `introspection`, if any. */
  readonly introspected: IntrospectedTokens | undefined;
  /** Closes what `checks` does not: the introspection client. */
  readonly close: () => void;
}

/**
 * Builds the deny-list (its document fetch starts now), each issuer's status lists (fetched when a token
 * first names them) and the introspection client. Options are checked before anything starts, so a
 * mistake leaves nothing running. Fetch outcomes are counted where the telemetry being built counts them.
 */
export function buildRevocation(
  config: JwtVerifierConfig,
  issuers: Iterable<IssuerPolicy>,
  parts: TokenParts,
): RevocationSetup {
  const settings = config.denyList === undefined ? undefined : denyListSettings(config.denyList);
  // Read once: `issuers` may be a one-shot iterator (a Map's values()), and it is walked twice below.
  const policies = [...issuers];
  const withIntrospection = policies.filter((policy) => policy.introspection !== undefined);
  if (withIntrospection.length > 1) {
    const [first, second] = config.issuers.flatMap((issuer, index) =>
      (issuer as { introspection?: unknown }).introspection === undefined ? [] : [index],
    );
    throw new ConfigurationError(
      `issuers[${second}].introspection: an opaque token names no issuer, so at most one issuer may have introspection (issuers[${first}] has it)`,
    );
  }
  const counts = backgroundCountsInScope();
  const byIssuer = new Map<string, IssuerStatusLists>();
  for (const policy of policies) {
    const listSettings = policy.statusList;
    if (listSettings === undefined) continue;
    const check = makeListTokenCheck(
      {
        issuer: policy.issuer,
        ring: policy.ring,
        algorithms: policy.algorithms,
        source: policy.source,
        clockToleranceSeconds: policy.claims.clockToleranceSeconds,
      },
      parts,
    );
    byIssuer.set(policy.issuer, {
      lists: new StatusLists(
        policy.issuer,
        listSettings,
        check,
        counts?.statusListFetches,
        policy.claims.clockToleranceSeconds,
      ),
      acceptUnavailable: listSettings.whenUnavailable === 'accept',
    });
  }
  // A token is accepted until exp plus its issuer's clock tolerance: a revocation until its exp must last as long.
  const graceMs = Math.max(0, ...policies.map((policy) => policy.claims.clockToleranceSeconds)) * 1000;
  const denyList = new DenyList(settings, counts?.denyListFetches, graceMs);
  const checks = new RevocationChecks(byIssuer, denyList, settings?.whenUnavailable === 'accept');
  const [introspecting] = withIntrospection;
  const client =
    introspecting?.introspection === undefined
      ? undefined
      : new Introspections(introspecting.issuer, introspecting.introspection, counts?.introspectionRequests);
  return {
    checks,
    introspected:
      introspecting === undefined || client === undefined
        ? undefined
        : new IntrospectedTokens(introspecting, client, checks),
    close: () => client?.close(),
  };
}
