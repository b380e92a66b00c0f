// Invariant 4's second half as a property: baggage that is not auth baggage arrives at C exactly as the
// stock W3C baggage propagator alone would deliver it (src/stock-baggage.ts round-trips the header through
// it once per hop), whatever its keys, values and properties, with and without a token at A.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BUILT_IN_NAMES, baggageHeader, isAuthKey } from '../src/baggage-arbitraries.ts';
import { type MatrixChain, startMatrixChain } from '../src/matrix-chain.ts';
import { bearer, hop, mintAlice } from '../src/scenario-kit.ts';
import { seenByService, stockDeliveryToThirdHop } from '../src/stock-baggage.ts';

/** Bounded so that the property runs in a few seconds: one request through three services per run. */
const NUM_RUNS = 120;

describe('baggage that is not auth baggage through A -> B -> C with otel-jwt', () => {
  let chain: MatrixChain | undefined;
  beforeAll(async () => {
    chain = await startMatrixChain('http', 'default');
  }, 30_000);
  afterAll(() => chain?.stop(), 30_000);

  it('entries with any keys (built-in property names among them), values and properties reach C as the stock propagator delivers them', async () => {
    const live = chain as MatrixChain;
    const token = await mintAlice(live);
    // Runs in which C received an entry named after a built-in property, by token presence: the
    // property must have met such keys on both paths, or it proved nothing about them.
    const builtInsSeen = { withToken: 0, withoutToken: 0 };
    const builtIns = new Set<string>(BUILT_IN_NAMES);
    await fc.assert(
      fc.asyncProperty(baggageHeader(), fc.boolean(), async (header, withToken) => {
        const response = await live.call({
          ...(withToken ? { authorization: bearer(token) } : {}),
          headers: { baggage: header },
          hops: [
            { url: live.url('B'), authorization: 'keep' },
            { url: live.url('C'), authorization: 'keep' },
          ],
        });
        const c = hop(response, 'C');
        const delivered = seenByService(c.baggage, c.baggageMetadata).filter(([key]) => !isAuthKey(key));
        const expected = stockDeliveryToThirdHop(header).filter(([key]) => !isAuthKey(key));
        assert.deepEqual(delivered, expected);
        if (delivered.some(([key]) => builtIns.has(key)))
          builtInsSeen[withToken ? 'withToken' : 'withoutToken'] += 1;
      }),
      { numRuns: NUM_RUNS },
    );
    assert.ok(builtInsSeen.withToken > 0 && builtInsSeen.withoutToken > 0, JSON.stringify(builtInsSeen));
  }, 60_000);
});
