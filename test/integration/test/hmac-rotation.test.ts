// Rotating hmacKey across three real services, rolled one at a time while requests flow: the three steps
// of the README's procedure refuse no proof at B or C; a key that differs by a trailing newline is
// refused as unknown_proof_key and said once on the service's stderr, without any logger set up.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '../src/protocol.ts';
import { type RotationChain, startRotationChain } from '../src/rotation-chain.ts';
import { startTraffic, type Traffic } from '../src/rotation-traffic.ts';

const OLD = randomBytes(32).toString('base64url');
const NEW = randomBytes(32).toString('base64url');
const ORDER: readonly ServiceName[] = ['A', 'B', 'C'];
/** A phase judged too thin to show anything: each must see requests answered end to end. */
const MIN_COMPLETE = 3;

/** Lets requests flow until `count` more chains have been answered end to end in the current phase. */
async function flow(traffic: Traffic, phase: string, count = MIN_COMPLETE): Promise<void> {
  const deadline = performance.now() + 20_000;
  while ((traffic.tallies.get(phase)?.complete ?? 0) < count) {
    if (performance.now() > deadline) throw new Error(`no ${count} answered requests in phase ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a rolling hmacKey rotation across A -> B -> C', () => {
  let chain: RotationChain | undefined;
  beforeAll(async () => {
    chain = await startRotationChain(new URL('../src/service.ts', import.meta.url), [OLD]);
  }, 60_000);
  afterAll(() => chain?.stop(), 30_000);

  it('refuses no proof at B or C while each service is restarted in turn through the three steps', async () => {
    const rotating = chain as RotationChain;
    const traffic = startTraffic(rotating);
    try {
      await flow(traffic, 'start');
      const steps: [string, readonly string[]][] = [
        ['1: add the new key second', [OLD, NEW]],
        ['2: move it first', [NEW, OLD]],
        ['3: drop the old key', [NEW]],
      ];
      for (const [step, keys] of steps) {
        for (const name of ORDER) {
          const phase = `step ${step}, ${name} restarted`;
          traffic.phase(`${phase} (restarting)`);
          await rotating.restart(name, keys);
          traffic.phase(phase);
          await flow(traffic, phase);
        }
      }
    } finally {
      await traffic.stop();
    }
    const refused = [...traffic.tallies].flatMap(([phase, tally]) =>
      tally.refused.map((r) => `${phase}: ${r}`),
    );
    expect(refused).toEqual([]);
    const complete = [...traffic.tallies.values()].reduce((sum, tally) => sum + tally.complete, 0);
    const cutOff = [...traffic.tallies.values()].reduce((sum, tally) => sum + tally.cutOff, 0);
    // Restarts may cut requests off at the connection level; most requests are still answered.
    expect(complete).toBeGreaterThan(10 * MIN_COMPLETE);
    expect(cutOff).toBeLessThan(complete);
  }, 180_000);

  it('a key differing by a trailing newline at C is refused as unknown_proof_key and said once on its stderr', async () => {
    const rotating = chain as RotationChain;
    await rotating.restart('C', [`${NEW}\n`]);
    const traffic = startTraffic(rotating);
    try {
      traffic.phase('newline');
      await flow(traffic, 'newline', 20);
    } finally {
      await traffic.stop();
    }
    const refused = traffic.tallies.get('newline')?.refused ?? [];
    expect(refused.filter((line) => line.startsWith('B:'))).toEqual([]);
    expect(refused).toContain('C: no_upstream_proof / unknown_proof_key');
    const said =
      rotating.output('C').match(/otel-jwt: refused subject proofs made with hmacKey id \S+/g) ?? [];
    expect(said).toHaveLength(1);
    // The services run NodeSDK without OTEL_LOG_LEVEL (unless the test run sets it): no diag logger.
    if (process.env.OTEL_LOG_LEVEL === undefined) {
      expect(rotating.output('C')).toMatch(
        /OtelJwtWarning: otel-jwt: refused subject proofs made with hmacKey id \S+ \(this service holds \S+\)/,
      );
    }
  }, 60_000);
});
