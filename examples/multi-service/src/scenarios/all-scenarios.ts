// The scenarios, in the order the driver runs them. bob's checkout comes before the swap, so orders
// has another user's token to (mis)use; the revoked sessions use fresh logins of their own; the rotation
// comes last, as it changes the IdP for good.
import { forgedBaggage } from './baggage-scenario.ts';
import { delegatedToken, droppedToken, swappedToken } from './misbehaving-scenarios.ts';
import { revokedJwtSession, revokedOpaqueSession } from './revocation-scenarios.ts';
import { rotatedKey } from './rotation-scenario.ts';
import type { Scenario } from './scenario-kit.ts';
import { checkoutBy, expiredToken, noToken } from './user-scenarios.ts';

export function allScenarios(): Scenario[] {
  return [
    checkoutBy('alice'),
    checkoutBy('bob'),
    expiredToken(),
    forgedBaggage(),
    swappedToken(),
    delegatedToken(),
    droppedToken(),
    noToken(),
    revokedJwtSession(),
    revokedOpaqueSession(),
    rotatedKey(),
  ];
}
