// Hostile traffic at full speed beside valid requests. Each round runs a benign phase (valid requests
// beside a flood of a repeated valid token) and a hostile phase (the same valid requests beside a flood
// of garbage, oversized, forged and tampered requests, nearly all different), so the valid requests'
// latency and the live heap are compared within the same run, round by round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../src/config.ts';
import { hostileStream } from '../src/hostile.ts';
import { startIdp, type TestIdp } from '../src/idp-server.ts';
import { type NextRequest, type PhaseResult, runPhase } from '../src/load.ts';
import type { ServiceStats } from '../src/protocol.ts';
import { medianRatio } from '../src/ratios.ts';
import { type ServiceHandle, startService } from '../src/service-process.ts';
import { mixed, tokenStream } from '../src/streams.ts';
import { note } from '../src/verbose.ts';

const VALID_CONNECTIONS = 4;
const FLOOD_CONNECTIONS = 8;
const PHASE_SECONDS = 1.5;
const ROUNDS = 3;
/**
 * The spread the HTTP benchmark sees between identical runs on a noisy 2-core machine (its B moved
 * 2.5x within one run). A hostile request that cost far more than a cached valid one (an amplifier,
 * such as work in proportion to an oversized token) breaks it.
 */
const NOISE = 3;

interface Round {
  readonly benign: PhaseResult;
  readonly hostile: PhaseResult;
  readonly benignStats: ServiceStats;
  readonly hostileStats: ServiceStats;
  readonly hostileRequests: number;
}

describe('hostile traffic', () => {
  let idp: TestIdp;
  let service: ServiceHandle;
  const rounds: Round[] = [];
  let jwksFetches = 0;
  let roundsSeconds = 0;

  beforeAll(async () => {
    idp = await startIdp(['k1']);
    await idp.createKey('rogue');
    service = await startService(serviceConfig(idp.jwksUri, { cooldownSeconds: 1 }));
    const valid = mixed(
      [tokenStream('valid', [await idp.mint('k1', 0)]), 3],
      [tokenStream('valid', await idp.mintMany('k1', 200, 1)), 1],
    );
    const filler = tokenStream('filler', [await idp.mint('k1', 5_000)]);
    const hostile = hostileStream({
      validToken: await idp.mint('k1', 6_000),
      unknownKidToken: await idp.mint('rogue', 1),
    });
    await flood(valid, filler);
    await flood(valid, hostile);
    await service.stats();
    const hitsBefore = idp.hits;
    const roundsStart = Date.now();
    for (let round = 0; round < ROUNDS; round++) {
      const [benign] = await flood(valid, filler);
      const benignStats = await service.stats();
      const [hostilePhase, hostileFlood] = await flood(valid, hostile);
      const hostileStats = await service.stats();
      rounds.push({
        benign,
        hostile: hostilePhase,
        benignStats,
        hostileStats,
        hostileRequests: hostileFlood.requests,
      });
    }
    jwksFetches = idp.hits - hitsBefore;
    roundsSeconds = (Date.now() - roundsStart) / 1000;
    note('hostile rounds', { jwksFetches, rounds });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await idp?.down();
  });

  function flood(valid: NextRequest, other: NextRequest): Promise<[PhaseResult, PhaseResult]> {
    return Promise.all([
      runPhase(service.url, PHASE_SECONDS, VALID_CONNECTIONS, valid),
      runPhase(service.url, PHASE_SECONDS, FLOOD_CONNECTIONS, other),
    ]);
  }

  it('garbage, oversized, nested, tampered and forged tokens are all answered with a result code, none thrown', () => {
    for (const { hostile, hostileStats, hostileRequests } of rounds) {
      expect(hostile.failures).toBe(0);
      expect(hostileRequests).toBeGreaterThan(0);
      expect(hostileStats.uncaught).toBe(0);
      const verdicts = hostileStats.verdicts.hostile ?? {};
      expect(verdicts.valid).toBeUndefined();
      expect(Object.keys(verdicts)).toEqual(
        expect.arrayContaining([
          'absent',
          'invalid/malformed_authorization',
          'invalid/token_too_large',
          'invalid/invalid_signature',
          'invalid/alg_not_allowed',
          'unverified/unknown_key',
        ]),
      );
      expect(hostileStats.verdicts.valid).toEqual({ valid: expect.any(Number) });
    }
  });

  it('forged identity baggage never reaches the app, with or without a valid token', () => {
    for (const { benignStats, hostileStats } of rounds) {
      expect(hostileStats.verdicts['forged-baggage-valid-token']).toEqual({ valid: expect.any(Number) });
      expect(hostileStats.forgedSeen).toBe(0);
      expect(benignStats.forgedSeen).toBe(0);
    }
  });

  it('a flood of tokens with an unknown kid does not turn into a flood of JWKS fetches', () => {
    // Thousands of unknown-kid requests; at most one fetch per 1 s cooldown, plus one under way at the start.
    expect(jwksFetches, `${jwksFetches} fetches in ${roundsSeconds} s`).toBeLessThanOrEqual(
      Math.ceil(roundsSeconds) + 1,
    );
  });

  it('the live heap does not grow with the number of hostile requests', () => {
    const first = rounds[0] as Round;
    const last = rounds.at(-1) as Round;
    const growth = last.hostileStats.heapUsed - first.hostileStats.heapUsed;
    const sent = rounds.slice(1).reduce((sum, r) => sum + r.hostileRequests, 0);
    // Thousands of distinct values (MBs of header text) later, the heap is where the first round left it.
    expect(growth, `heap grew ${growth} bytes over ${sent} more hostile requests`).toBeLessThan(
      8 * 1024 * 1024,
    );
    for (const round of rounds) {
      expect(round.hostileStats.heapUsed - round.benignStats.heapUsed).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('valid requests beside hostile traffic keep their median latency and throughput within the noise of benign traffic', () => {
    // p99 is in the message, not asserted: on this machine a single phase's p99 moves 3-5x by itself.
    const detail = JSON.stringify(rounds.map((r) => ({ benign: r.benign, hostile: r.hostile })));
    const hostile = (r: Round) => r.hostile;
    const benign = (r: Round) => r.benign;
    expect(
      medianRatio(rounds, hostile, benign, (p) => p.p50),
      detail,
    ).toBeLessThan(NOISE);
    expect(
      medianRatio(rounds, hostile, benign, (p) => p.requests),
      detail,
    ).toBeGreaterThan(1 / NOISE);
    for (const round of rounds) expect(round.hostile.failures, detail).toBe(0);
  });
});
