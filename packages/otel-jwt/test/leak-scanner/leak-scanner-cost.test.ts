// The leak scanner's cost as its input grows: time per span and per token must stay flat when the body
// or the token list doubles (a pairwise step anywhere makes it grow with the size). Timings are relative
// within one run, with generous margins: the machine is shared with other tests.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLeakScanner, findTokenLeaks } from '../../src/testing.js';
import { doubling } from '../support/cost-curve.js';
import { costPerItem, medians, otlpTraces } from '../support/leak-cost.js';
import { leakToken } from '../support/leak-telemetry.js';

/** How much the cost per item may grow from the smallest to the largest size: a quadratic step gives 8 to 16. */
const FLAT = 3;

let tokens: string[];

beforeAll(() => {
  // One issuer: every token shares the header segment and the first claims with all the others.
  tokens = Array.from({ length: 1000 }, () => leakToken());
});

function expectFlat(costs: readonly number[]): void {
  const [smallest = 0] = costs;
  expect(costs.at(-1)).toBeLessThanOrEqual(FLAT * smallest);
}

describe('LeakScanner.scan cost as the telemetry doubles', () => {
  // 100 tokens of one issuer: a leaked one matches the header of all, so each span gets about 180
  // reports, in its field and again in the scan of the payload as a whole. The index is built once,
  // outside the timings, so they hold the scan alone.
  const spans = doubling(25, 5);

  /** The cost per span of scanning bodies where every span leaks a token inside `url(token)`. */
  function costs(url: (token: string) => string): number[] {
    const list = tokens.slice(0, 100);
    const scanner = createLeakScanner(list);
    return costPerItem(spans, 3, (size) => {
      const body = otlpTraces(size, (index) => url(list[index % list.length] ?? ''));
      return () => scanner.scan({ otlpJson: body });
    });
  }

  it('scans a body where every span leaks a token at a flat cost per span', () => {
    expectFlat(costs((token) => `https://api.test/cb?token=${token}`));
  });

  it('scans a body where every span leaks a token after lowercase percent escapes at a flat cost per span', () => {
    expectFlat(costs((token) => `https://api.test/cb?next=%2fhome%3f&token=${token}`));
  });
});

describe('createLeakScanner cost as the tokens double', () => {
  it('builds the index of 125 to 1,000 tokens of one issuer and scans with it at a flat cost per token', () => {
    // Ten of the tokens leak, so each of them matches every token's header: reports grow with the list.
    const body = otlpTraces(10, (index) => `Bearer ${tokens[index]}`);
    const costs = costPerItem(doubling(125, 4), 3, (size) => {
      const list = tokens.slice(0, size);
      return () => createLeakScanner(list).scan({ otlpJson: body });
    });
    expectFlat(costs);
  });

  it('scans a clean body at about the same cost with an index of 100 or 1,000 tokens', () => {
    const body = { otlpJson: otlpTraces(400, () => undefined) };
    const small = createLeakScanner(tokens.slice(0, 100));
    const large = createLeakScanner(tokens);
    const [withSmall = 0, withLarge = 0] = medians([() => small.scan(body), () => large.scan(body)], 5);
    expect(withLarge).toBeLessThanOrEqual(FLAT * withSmall);
  });
});

describe('createLeakScanner reuse', () => {
  it('scans again without building the index again: a scan costs a fraction of findTokenLeaks', () => {
    const list = tokens.slice(0, 250);
    const text = { text: `refused ${tokens[0]} and ${tokens[900]}` };
    const scanner = createLeakScanner(list);
    const [again = 0, fresh = 0] = medians([() => scanner.scan(text), () => findTokenLeaks(text, list)], 3);
    expect(scanner.scan(text)).toEqual(findTokenLeaks(text, list));
    expect(again * 10).toBeLessThan(fresh);
  });
});
