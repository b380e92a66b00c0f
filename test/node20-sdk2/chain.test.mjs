// The integration scenarios of test/integration on this Node (20) with OpenTelemetry SDK 2.x: the same
// scenario functions the Node 24 vitest run uses, bundled into dist/ by bundle.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChain } from './dist/chain.js';
import { scenarios } from './dist/scenarios.js';

describe('A -> B -> C with otel-jwt on Node 20 and OpenTelemetry SDK 2.x', () => {
  let chain;
  before(
    async () => {
      chain = await startChain({ serviceEntry: new URL('./dist/service.js', import.meta.url) });
    },
    { timeout: 30_000 },
  );
  after(() => chain?.stop(), { timeout: 30_000 });

  test('the services run on this Node with instrumentation-http 0.223 (SDK 2.x)', () => {
    const expected = { node: process.version, instrumentationHttp: '0.223.0' };
    assert.deepEqual(chain.runtimes, { A: expected, B: expected, C: expected });
  });

  for (const scenario of scenarios) {
    test(scenario.name, { timeout: 20_000 }, () => scenario.run(chain));
  }
});
