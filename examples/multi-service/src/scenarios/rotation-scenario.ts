// The IdP rotates its signing key mid-run and signs alice's next token with a key no service has seen.
// Each service answers 503 (`unverified` / `unknown_key`) the first time it meets the new `kid` and fetches
// the key set in the background; the shop retries after Retry-After until every hop has the key.

import { type Attempt, checkAttempt, checkout, fullChain, type Scenario } from './scenario-kit.ts';
import { peek } from './shop-login.ts';

/** One service learns the key per attempt at most, and the shop has three levels. */
const MAX_ATTEMPTS = 6;
const RETRY_AFTER_MS = 1_000;

export function rotatedKey(): Scenario {
  return {
    id: 'rotated-key',
    title: 'a token signed with a rotated key',
    async run(context) {
      const { from, to } = await context.rotateKeys();
      const token = await context.login('alice');
      context.note(
        `IdP rotated its signing key ${from} -> ${to}; the new token names kid ${peek(token).kid}`,
      );
      const attempts: Attempt[] = [];
      while (attempts.length < MAX_ATTEMPTS) {
        const attempt = await checkout(context.checkoutUrl, { token });
        attempts.push(attempt);
        if (attempt.status !== 503) break;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      }
      return attempts;
    },
    check(attempts) {
      const problems = checkAttempt(
        attempts[0],
        { status: 503, hops: [{ service: 'gateway', result: 'unverified', code: 'unknown_key' }] },
        'first attempt: ',
      );
      const consistent = { orders: 'consistent', inventory: 'consistent', payments: 'consistent' };
      problems.push(
        ...checkAttempt(attempts.at(-1), { status: 200, hops: fullChain(consistent) }, 'last attempt: '),
      );
      // In between, a hop may only be waiting for the key, never refuse the token.
      for (const hop of attempts.slice(1, -1).flatMap((attempt) => attempt.hops)) {
        if (hop.result !== 'valid' && hop.code !== 'unknown_key')
          problems.push(`${hop.service} ${hop.result} ${hop.code}`);
      }
      return problems;
    },
  };
}
