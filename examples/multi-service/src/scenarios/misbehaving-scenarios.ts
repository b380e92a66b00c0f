// An internal service that misbehaves: orders sends another user's token on, or drops the token; and
// orders acting for the user through token exchange, the legitimate way, for comparison.
import { checkAttempt, fullChain, type Scenario } from './scenario-kit.ts';

export function swappedToken(): Scenario {
  return {
    id: 'swapped-token',
    title: "orders sends bob's token to payments",
    run: async (context) => [
      await context.checkout({ token: await context.login('alice'), behaviour: 'swap-token' }),
    ],
    check: ([attempt]) =>
      checkAttempt(attempt, {
        status: 200,
        hops: fullChain(
          { orders: 'consistent', inventory: 'consistent', payments: 'changed' },
          // payments also drops alice's roles and tenant, which orders vouched for under alice's subject.
          { payments: { removed: ['tenant.id', 'user.roles'], removalReason: 'subject_mismatch' } },
        ),
      }),
  };
}

export function delegatedToken(): Scenario {
  return {
    id: 'delegation',
    title: 'orders acts for alice (token exchange)',
    run: async (context) => [
      await context.checkout({ token: await context.login('alice'), behaviour: 'delegate' }),
    ],
    check: ([attempt]) =>
      checkAttempt(attempt, {
        status: 200,
        hops: fullChain({ orders: 'consistent', inventory: 'consistent', payments: 'delegated' }),
      }),
  };
}

export function droppedToken(): Scenario {
  return {
    id: 'dropped-token',
    title: 'orders drops the token to inventory',
    run: async (context) => [
      await context.checkout({ token: await context.login('alice'), behaviour: 'drop-token' }),
    ],
    check: ([attempt]) =>
      checkAttempt(attempt, {
        // inventory refuses (401), so orders answers 502.
        status: 502,
        hops: fullChain(
          { orders: 'consistent', inventory: 'token_dropped', payments: 'consistent' },
          {
            // Without a token, inventory cannot vouch for the roles and tenant in baggage either.
            inventory: {
              result: 'absent',
              status: 401,
              removed: ['tenant.id', 'user.roles'],
              removalReason: 'no_verified_token',
            },
          },
        ),
      }),
  };
}
