// The IdP ends a user's session mid-session: alice's on the web shop (JWT access tokens, revoked through
// the status list) and bob's on the mobile app (opaque tokens, which introspection then reports inactive).
// A checkout goes through before. After the services' refresh interval, the same token is refused by each
// internal service it is replayed at directly, and the user's next checkout is refused at the gateway.
import type { RevokedSession } from '../idp/session-revocation.ts';
import { REVOCATION_TIMING, type ServiceName } from '../protocol.ts';
import {
  type Attempt,
  checkAttempt,
  fullChain,
  type HopExpectation,
  type LoginOptions,
  type Scenario,
} from './scenario-kit.ts';

const CONSISTENT = { orders: 'consistent', inventory: 'consistent', payments: 'consistent' };
/** Behind the gateway: a stolen token replayed inside the network must be refused there too. */
const INTERNAL: readonly ServiceName[] = ['orders', 'inventory', 'payments'];
/** Beyond the refresh bound: time for a service's refresh to run and be answered on a busy machine. */
const MARGIN_MS = 1_000;

export function revokedJwtSession(): Scenario {
  return revokedSession({
    id: 'revoked-session',
    title: "the IdP ends alice's session (status list)",
    username: 'alice',
    app: 'web',
    code: 'revoked',
  });
}

export function revokedOpaqueSession(): Scenario {
  return revokedSession({
    id: 'revoked-app-session',
    title: "the IdP ends bob's app session (introspection)",
    username: 'bob',
    app: 'mobile',
    code: 'token_inactive',
  });
}

interface Plan {
  readonly id: string;
  readonly title: string;
  readonly username: string;
  readonly app: NonNullable<LoginOptions['app']>;
  /** `jwt.error_code` of the refused token. */
  readonly code: string;
}

function revokedSession(plan: Plan): Scenario {
  return {
    id: plan.id,
    title: plan.title,
    async run(context) {
      const token = await context.login(plan.username, { app: plan.app });
      const attempts: Attempt[] = [{ ...(await context.checkout({ token })), label: 'before' }];
      const revoked = await context.revokeSession(token);
      const wait = settleDelay(revoked, Date.now());
      context.note(`${describe(plan.username, revoked)}: waited ${(wait / 1000).toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      for (const service of INTERNAL) {
        attempts.push({ ...(await context.callDirectly(service, { token })), label: `${service} directly` });
      }
      attempts.push({ ...(await context.checkout({ token })), label: 'after' });
      return attempts;
    },
    check(attempts) {
      const refused = (service: ServiceName): HopExpectation => ({
        service,
        result: 'invalid',
        code: plan.code,
        status: 401,
      });
      const [before, ...after] = attempts;
      const problems = checkAttempt(before, { status: 200, hops: fullChain(CONSISTENT) }, 'before: ');
      for (const [index, service] of [...INTERNAL, 'gateway' as const].entries()) {
        problems.push(
          ...checkAttempt(after[index], { status: 401, hops: [refused(service)] }, `${service}: `),
        );
      }
      if (attempts.length !== INTERNAL.length + 2) problems.push(`${attempts.length} requests instead of 5`);
      return problems;
    },
  };
}

/**
 * How long until no service can still act on what the IdP said before the session ended: a service
 * fetches the status list again `ttl` after it got it, and reuses an introspection answer for at most its
 * `maxCacheSeconds`; the IdP knows when it last said the session's tokens were good.
 */
function settleDelay({ lastGoodAnswer }: RevokedSession, now: number): number {
  const until = Math.max(
    (lastGoodAnswer.statusList ?? 0) + REVOCATION_TIMING.statusListTtlSeconds * 1000,
    (lastGoodAnswer.introspection ?? 0) + REVOCATION_TIMING.introspectionCacheSeconds * 1000,
  );
  return Math.max(0, until + MARGIN_MS - now);
}

function describe(username: string, { statusIndices, grantEnded, lastGoodAnswer }: RevokedSession): string {
  const revoked = [
    statusIndices.length > 0 ? `status bit set for ${statusIndices.length} token(s)` : '',
    grantEnded ? 'grant destroyed' : '',
  ].filter((part) => part !== '');
  const bounds = [
    lastGoodAnswer.statusList === undefined
      ? ''
      : `services fetch the list again ${REVOCATION_TIMING.statusListTtlSeconds} s after they last got it`,
    lastGoodAnswer.introspection === undefined
      ? ''
      : `services reuse an introspection answer for ${REVOCATION_TIMING.introspectionCacheSeconds} s`,
  ].filter((part) => part !== '');
  return `IdP ended ${username}'s session (${revoked.join(', ')}); ${bounds.join(', ') || 'nothing to wait for'}`;
}
