// What users do: alice and bob check out; an expired token; a request with no token.

import {
  type Attempt,
  checkAttempt,
  fullChain,
  type Scenario,
  type ScenarioContext,
} from './scenario-kit.ts';
import { peek } from './shop-login.ts';

const CONSISTENT = { orders: 'consistent', inventory: 'consistent', payments: 'consistent' };

export function checkoutBy(username: string): Scenario {
  return {
    id: `${username}-checkout`,
    title: `${username} checks out`,
    run: async (context) => [await context.checkout({ token: await context.login(username) })],
    check: ([attempt]) => checkAttempt(attempt, { status: 200, hops: fullChain(CONSISTENT) }),
  };
}

/** The services allow 1 s of clock skew (demoVerifier); the token lives 1 s. */
const CLOCK_TOLERANCE_SECONDS = 1;

export function expiredToken(): Scenario {
  let token: string | undefined;
  return {
    id: 'expired-token',
    title: 'alice sends an expired token',
    // Obtained before the other scenarios run, so it has expired (honestly: 1 s lifetime) by its turn.
    async prepare(context) {
      token = await context.login('alice', { ttlSeconds: 1 });
    },
    async run(context: ScenarioContext): Promise<Attempt[]> {
      if (token === undefined) throw new Error('prepare did not run');
      const wait = (peek(token).exp + CLOCK_TOLERANCE_SECONDS) * 1000 + 250 - Date.now();
      if (wait > 0) {
        context.note(
          `waited ${(wait / 1000).toFixed(1)} s for the 1 s token to expire (plus the 1 s tolerance)`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return [await context.checkout({ token })];
    },
    check: ([attempt]) =>
      checkAttempt(attempt, {
        status: 401,
        hops: [{ service: 'gateway', result: 'invalid', code: 'expired' }],
      }),
  };
}

export function noToken(): Scenario {
  return {
    id: 'no-token',
    title: 'a request with no token',
    run: async (context) => [await context.checkout({})],
    check: ([attempt]) =>
      checkAttempt(attempt, { status: 401, hops: [{ service: 'gateway', result: 'absent' }] }),
  };
}
