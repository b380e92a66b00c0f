import type { Context } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { getAuth } from '../../src/index.js';
import { authStateOf } from '../../src/propagator/request-auth.js';
import {
  baggageOf,
  extract,
  injectTo,
  mint,
  parseBaggage,
  TRUSTED_ORIGIN,
  TRUSTED_URL,
  telemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// Rotating hmacKey by the procedure of the README: (1) add the new key second everywhere, (2) move it
// first everywhere, (3) drop the old one. Services are rolled one by one, so during each step services
// on both sides of it call each other; no proof may be refused at any point.

const OLD = 'rotation-old-key-0123456789abcdefghijkl';
const NEW = 'rotation-new-key-0123456789abcdefghijkl';
const setup = { claims: { tenant: 'tenant.id' }, trustedDestinations: [TRUSTED_ORIGIN] };
const service = (hmacKey: string | string[]) => telemetry({ ...setup, hmacKey }).propagator;
const stages = {
  before: service(OLD),
  added: service([OLD, NEW]),
  moved: service([NEW, OLD]),
  after: service(NEW),
};
type Stage = keyof typeof stages;
/** The stages that run side by side while each step rolls out. */
const steps: [string, Stage, Stage][] = [
  ['step 1 (add the new key second)', 'before', 'added'],
  ['step 2 (move it first)', 'added', 'moved'],
  ['step 3 (drop the old key)', 'moved', 'after'],
];
const pairs = steps.flatMap(([step, one, two]) =>
  [
    [one, two],
    [two, one],
  ].map(([from, to]) => ({ step, from: from as Stage, to: to as Stage })),
);

/** The hop after `context`'s: what it sent to a trusted destination, extracted with alice's token (no tenant claim). */
function next(from: Stage, context: Context, to: Stage): Context {
  const sent = injectTo(stages[from], context, TRUSTED_URL);
  return extract(stages[to], { ...sent, authorization: `Bearer ${mint()}` });
}

function first(stage: Stage): Context {
  return extract(stages[stage], {
    ...upstreamHeaders(stages[stage], mint({ tenant: 'acme' })),
    authorization: `Bearer ${mint({ tenant: 'acme' })}`,
  });
}

describe('a rolling hmacKey rotation refuses no proof', () => {
  test.each(pairs)('$step: a $from service calling a $to service', ({ from, to }) => {
    const context = next(from, first(from), to);
    expect(getAuth(context)).toMatchObject({ subjectVerdict: 'consistent', removedBaggageKeys: [] });
    expect(getAuth(context)?.removalReason).toBeUndefined();
    // The tenant entry came from upstream only: it stays because the entries proof vouched for it.
    expect(baggageOf(context)['tenant.id']).toBe('acme');
  });

  test('three hops in the middle of step 2: moved -> added -> moved, each consistent', () => {
    const b = next('moved', first('moved'), 'added');
    const c = next('added', b, 'moved');
    for (const context of [b, c]) expect(getAuth(context)?.subjectVerdict).toBe('consistent');
    expect(baggageOf(c)['tenant.id']).toBe('acme');
  });

  test('a hop re-issues the proof with its own signing key, whichever key the inbound one was made with', () => {
    const idOf = (stage: Stage, context: Context) =>
      parseBaggage(injectTo(stages[stage], context, TRUSTED_URL).baggage)['jwt.subject_proof']?.split('.')[1];
    const inbound = first('moved');
    const inboundId = idOf('moved', inbound);
    const reissued = idOf('added', next('moved', inbound, 'added'));
    expect(inboundId).not.toBe(reissued);
    expect(reissued).toBe(idOf('before', first('before')));
  });
});

describe('skipping a step is what refuses proofs', () => {
  test.each([
    ['before', 'after'],
    ['after', 'before'],
    ['moved', 'before'],
    ['added', 'after'],
  ] as const)('a %s service calling a %s service (steps overlapping): unknown_proof_key', (from, to) => {
    const context = next(from, first(from), to);
    expect(getAuth(context)).toMatchObject({
      subjectVerdict: 'no_upstream_proof',
      removalReason: 'unknown_proof_key',
    });
    expect(baggageOf(context)).not.toHaveProperty('tenant.id');
  });
});

describe('user.hash during the rotation', () => {
  const hashOf = (stage: Stage) => authStateOf(first(stage))?.entryAttributes['user.hash'];

  test('follows the first key: unchanged by step 1, changed by step 2, unchanged by step 3', () => {
    expect(hashOf('added')).toBe(hashOf('before'));
    expect(hashOf('moved')).not.toBe(hashOf('added'));
    expect(hashOf('after')).toBe(hashOf('moved'));
  });
});
