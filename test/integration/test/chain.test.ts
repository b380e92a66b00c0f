// The integration scenarios on Node 24 with OpenTelemetry SDK 3.x; services run src/service.ts directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chain, startChain } from '../src/chain.ts';
import { scenarios } from '../src/scenarios.ts';

describe('A -> B -> C with otel-jwt on Node 24 and OpenTelemetry SDK 3.x', () => {
  let chain: Chain | undefined;
  beforeAll(async () => {
    chain = await startChain({ serviceEntry: new URL('../src/service.ts', import.meta.url) });
  }, 30_000);
  afterAll(() => chain?.stop(), 30_000);

  it('the services run on this Node with instrumentation-http 0.301 (SDK 3.x)', () => {
    for (const runtime of Object.values(chain?.runtimes ?? {})) {
      expect(runtime).toEqual({ node: process.version, instrumentationHttp: '0.301.0' });
    }
  });

  for (const scenario of scenarios) {
    it(scenario.name, () => scenario.run(chain as Chain));
  }
});
