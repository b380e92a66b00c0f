// The IdP rotates its signing key mid-run and signs alice's next token with a key no service has seen.
// Each service's admission step holds the request while the key refresh that the new `kid` triggered runs,
// so the first attempt goes through, valid on every hop. (Without the admission step each service would
// answer 503, `unverified` / `unknown_key`, once; the shop still retries after Retry-After if one does.)

import { type Attempt, checkAttempt, fullChain, type Scenario } from './scenario-kit.ts';
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
        const attempt = await context.checkout({ token });
        attempts.push(attempt);
        if (attempt.status !== 503) break;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      }
      return attempts;
    },
    check(attempts) {
      const consistent = { orders: 'consistent', inventory: 'consistent', payments: 'consistent' };
      const problems = checkAttempt(
        attempts[0],
        { status: 200, hops: fullChain(consistent) },
        'first attempt: ',
      );
      if (attempts.length !== 1) problems.push(`${attempts.length} attempts instead of one`);
      return problems;
    },
  };
}
