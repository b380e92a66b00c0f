// A client forges `baggage` to be taken for another user: bob logs in, then claims alice's tenant,
// an admin role and alice's user id in baggage. The gateway removes what it cannot vouch for.
import { checkAttempt, fullChain, type Scenario } from './scenario-kit.ts';

export const FORGED_BAGGAGE = 'user.id=alice,user.roles=admin,tenant.id=acme';

export function forgedBaggage(): Scenario {
  return {
    id: 'forged-baggage',
    title: 'bob forges baggage to pass as alice',
    run: async (context) => [
      await context.checkout({ token: await context.login('bob'), baggage: FORGED_BAGGAGE }),
    ],
    check: ([attempt]) =>
      checkAttempt(attempt, {
        status: 200,
        hops: fullChain(
          { orders: 'consistent', inventory: 'consistent', payments: 'consistent' },
          // No upstream proof vouches for the entries: the first hop removes all three.
          { gateway: { removed: ['tenant.id', 'user.id', 'user.roles'], removalReason: 'missing_proof' } },
        ),
      }),
  };
}
