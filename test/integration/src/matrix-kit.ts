// Helpers of the matrix scenarios: spans where the sampler records them, and proof that it recorded none
// where it does not.
import assert from 'node:assert/strict';
import type { MatrixChain } from './matrix-chain.ts';
import type { ServiceName, SpanRecord } from './protocol.ts';
import { serverSpan } from './scenario-kit.ts';

export interface MatrixScenario {
  /** What the scenario shows; the test name adds the transport and the sampler. */
  readonly behaviour: string;
  run(chain: MatrixChain): Promise<void>;
}

/**
 * The entry spans of `names` in this trace when the chain samples; otherwise asserts that none of the
 * services recorded a span of the trace and returns undefined, so span assertions run in sampled chains only.
 */
export async function entrySpansIfSampled(
  chain: MatrixChain,
  traceId: string,
  names: readonly ServiceName[],
): Promise<SpanRecord[] | undefined> {
  const spans = await Promise.all(names.map((name) => chain.spans(name, traceId)));
  if (!chain.sampled) {
    for (const [index, recorded] of spans.entries()) {
      assert.deepEqual(recorded, [], `service ${names[index]} recorded spans with the sampler off`);
    }
    return undefined;
  }
  return spans.map((recorded) => serverSpan(recorded));
}

/** Every header value a sink received, for checks that no token material crossed. */
export const allValues = (headers: Readonly<Record<string, readonly string[]>>): string =>
  Object.entries(headers)
    .map(([name, values]) => `${name}: ${values.join('\n')}`)
    .join('\n');

export const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
