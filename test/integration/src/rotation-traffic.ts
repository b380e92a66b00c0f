// A steady stream of requests through A -> B -> C while the test restarts services: each answer is
// checked at B and C, under the name of the phase it was sent in.

import { encodePlan } from './hop-plan.ts';
import type { HopResponse, ServiceName } from './protocol.ts';
import { PLAN_HEADER } from './protocol.ts';
import { httpGet } from './raw-http.ts';
import type { RotationChain } from './rotation-chain.ts';
import { bearer, hop, mintAlice } from './scenario-kit.ts';

export interface PhaseTally {
  /** Requests answered end to end. */
  complete: number;
  /** Requests a restart cut off (a connection closed under them): no answer to judge. */
  cutOff: number;
  /** What B or C recorded that a rotation must not cause, one line each. */
  readonly refused: string[];
}

export interface Traffic {
  /** Requests sent from now on count under `name`. */
  phase(name: string): void;
  readonly tallies: ReadonlyMap<string, PhaseTally>;
  stop(): Promise<void>;
}

/** Starts `concurrency` loops of requests; each carries a fresh token of alice with roles and a tenant. */
export function startTraffic(chain: RotationChain, concurrency = 3): Traffic {
  const tallies = new Map<string, PhaseTally>();
  let current = 'start';
  let running = true;
  const tally = (name: string) => {
    let found = tallies.get(name);
    if (found === undefined) {
      found = { complete: 0, cutOff: 0, refused: [] };
      tallies.set(name, found);
    }
    return found;
  };
  tally(current);
  const plan = encodePlan([
    { url: `${chain.origin('B')}/hop`, authorization: 'keep' },
    { url: `${chain.origin('C')}/hop`, authorization: 'keep' },
  ]);

  const once = async () => {
    const phase = tally(current);
    const token = await mintAlice(chain, { tenant: 'acme' });
    let response: HopResponse;
    try {
      const result = await httpGet(`${chain.origin('A')}/hop`, {
        authorization: bearer(token),
        [PLAN_HEADER]: plan,
      });
      response = JSON.parse(result.text) as HopResponse;
    } catch {
      phase.cutOff++;
      return;
    }
    const reached = (name: ServiceName) => {
      try {
        return hop(response, name);
      } catch {
        return undefined;
      }
    };
    const [b, c] = [reached('B'), reached('C')];
    if (b === undefined || c === undefined) {
      phase.cutOff++;
      return;
    }
    phase.complete++;
    for (const at of [b, c]) {
      const { subjectVerdict, removalReason } = at.auth ?? {};
      if (subjectVerdict !== 'consistent' || removalReason !== undefined) {
        phase.refused.push(`${at.service}: ${subjectVerdict} / ${removalReason}`);
      }
    }
    // Only a vouched entry arrives: A's tenant entry, carried by B, checked by C's entries proof.
    if (c.baggage['tenant.id'] !== 'acme') phase.refused.push(`C: tenant.id ${c.baggage['tenant.id']}`);
  };
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) await once();
  });
  return {
    phase(name) {
      current = name;
      tally(name);
    },
    tallies,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
