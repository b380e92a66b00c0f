// The A -> B -> C chain for every transport and sampler (src/matrix-protocol.ts): what the handlers see
// must hold whatever the transport and whether or not spans are sampled; span attributes are asserted
// where the default sampler records them. Each combination starts its three services once.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type MatrixChain, startMatrixChain } from '../src/matrix-chain.ts';
import { SAMPLERS, TRANSPORTS } from '../src/matrix-protocol.ts';
import { matrixScenarios } from '../src/matrix-scenarios.ts';

for (const transport of TRANSPORTS) {
  for (const sampler of SAMPLERS) {
    describe(`${transport} hops with the ${sampler} sampler`, () => {
      let chain: MatrixChain | undefined;
      beforeAll(async () => {
        chain = await startMatrixChain(transport, sampler);
      }, 30_000);
      afterAll(() => chain?.stop(), 30_000);

      for (const scenario of matrixScenarios) {
        it(`${transport} hops, ${sampler} sampler: ${scenario.behaviour}`, () =>
          scenario.run(chain as MatrixChain));
      }
    });
  }
}
