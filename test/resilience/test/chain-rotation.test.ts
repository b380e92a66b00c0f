// An unannounced key rotation under steady load through a three-hop chain of real services (A -> B -> C,
// each a child process with NodeSDK, instrumentation-http and otel-jwt, set up as the package README
// recommends, default cooldown): the IdP publishes a new key and signs every new token with it from that
// instant. With the admission step (the default), no request fails and no hop answers unknown_key: the
// first new-key token waits for the refresh it triggered. Without it, each hop answers unknown_key until
// its refresh is done: once per service at best, a few more under concurrency (counted and printed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../src/config.ts';
import { startIdp, type TestIdp } from '../src/idp-server.ts';
import { type PhaseResult, runPhase } from '../src/load.ts';
import { FORWARD_PATH, type ServiceConfig, type VerdictCounts } from '../src/protocol.ts';
import { type ServiceHandle, startService } from '../src/service-process.ts';
import { mixed, tokenStream } from '../src/streams.ts';
import { note } from '../src/verbose.ts';

const CONNECTIONS = 8;

interface ChainRun {
  readonly before: PhaseResult;
  readonly rotation: PhaseResult;
  /** Verdicts of every hop during the rotation phase, A first. */
  readonly hops: readonly VerdictCounts[];
  readonly jwksFetchesForRotation: number;
}

/** Starts C, then B forwarding to C, then A forwarding to B; all with the same configuration. */
async function startChain(config: ServiceConfig): Promise<ServiceHandle[]> {
  const c = await startService(config);
  const b = await startService(config, `${c.url}${FORWARD_PATH}`);
  const a = await startService(config, `${b.url}${FORWARD_PATH}`);
  return [a, b, c];
}

async function rotateUnderLoad(idp: TestIdp, hops: ServiceHandle[], newKid: string): Promise<ChainRun> {
  const [a] = hops as [ServiceHandle];
  const url = `${a.url}${FORWARD_PATH}`;
  const old = tokenStream('old-key', await idp.mintMany('k1', 500, 1));
  const before = await runPhase(url, 2, CONNECTIONS, old);
  for (const hop of hops) await hop.stats();
  // The rotation: the new key is published and every token minted from now on is signed with it.
  const hitsBefore = idp.hits;
  idp.publish('k1', newKid);
  const fresh = mixed(
    [tokenStream('new-key-repeated', [await idp.mint(newKid, 0)]), 1],
    [tokenStream('new-key-distinct', await idp.mintMany(newKid, 1_500, 1)), 3],
  );
  const rotation = await runPhase(url, 3, CONNECTIONS, fresh);
  const hopsStats = await Promise.all(hops.map((hop) => hop.stats()));
  for (const stats of hopsStats) expect(stats.uncaught).toBe(0);
  return {
    before,
    rotation,
    hops: hopsStats.map((stats) => stats.verdicts),
    jwksFetchesForRotation: idp.hits - hitsBefore,
  };
}

/** Requests of `stream` a hop answered with `verdict`. */
function count(verdicts: VerdictCounts, verdict: string): number {
  return Object.values(verdicts).reduce((sum, counts) => sum + (counts[verdict] ?? 0), 0);
}

describe('unannounced key rotation through a three-hop chain under steady load', () => {
  let idp: TestIdp;
  let admitted: ServiceHandle[] = [];
  let plain: ServiceHandle[] = [];
  let withAdmission: ChainRun;
  let withoutAdmission: ChainRun;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    await Promise.all([idp.createKey('k2'), idp.createKey('k3')]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([...admitted, ...plain].map((hop) => hop.stop()));
    await idp?.down();
  });

  it('with the admission step: zero failed requests and no hop answers unknown_key', async () => {
    // The README's setup: default refresh and cooldown (30 s), admission on by default.
    admitted = await startChain(serviceConfig(idp.jwksUri, {}));
    withAdmission = await rotateUnderLoad(idp, admitted, 'k2');
    note('chain rotation, admission on', withAdmission);
    expect(withAdmission.before.failures).toBe(0);
    expect(withAdmission.rotation.failures).toBe(0);
    expect(withAdmission.rotation.requests).toBeGreaterThan(100);
    for (const verdicts of withAdmission.hops) {
      expect(count(verdicts, 'unverified/unknown_key')).toBe(0);
      expect(Object.keys(verdicts).sort()).toEqual(['new-key-distinct', 'new-key-repeated']);
      for (const counts of Object.values(verdicts)) expect(Object.keys(counts)).toEqual(['valid']);
    }
    // One fetch per service for the rotation, whatever the number of new-key requests.
    expect(withAdmission.jwksFetchesForRotation).toBe(3);
  });

  it('without it: each hop refetches at once and answers unknown_key only while that fetch is under way', async () => {
    await Promise.all(admitted.map((hop) => hop.stop()));
    admitted = [];
    idp.publish('k1');
    plain = await startChain({ ...serviceConfig(idp.jwksUri, {}), admission: 'off' });
    withoutAdmission = await rotateUnderLoad(idp, plain, 'k3');
    const unknown = withoutAdmission.hops.map((verdicts) => count(verdicts, 'unverified/unknown_key'));
    note('chain rotation, admission off', { ...withoutAdmission, unknownKeyPerHop: unknown });
    const perHop = unknown.map((n, i) => `${'ABC'[i]}: ${n}`).join(', ');
    console.log(
      `without the admission step, unknown_key answers per hop during the rotation: ${perHop} (target: at most 1 per service; ${unknown.every((n) => n <= 1) ? 'MET' : `MISSED by ${Math.max(...unknown) - 1}`})`,
    );
    expect(withoutAdmission.rotation.failures).toBe(0);
    expect(withoutAdmission.jwksFetchesForRotation).toBe(3);
    // The refresh starts at the first unknown kid (not 30 s after start-up): a hop answers unknown_key only
    // for the requests it took while its one fetch was under way, a small share of the phase.
    for (const n of unknown) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(withoutAdmission.rotation.requests / 20);
    }
  });
});
