import { describe, expect, test } from 'vitest';
import { IssuerOutcomeCounts, OTHER_OUTCOME, OutcomeCounts } from '../../src/internal/outcome-counts.js';

const listed = (counts: OutcomeCounts) => {
  const seen: [string, number][] = [];
  counts.forEach((outcome, count) => {
    seen.push([outcome, count]);
  });
  return seen;
};

describe('OutcomeCounts', () => {
  test('adds up each listed outcome and reports only those counted, in the order of the list', () => {
    const counts = new OutcomeCounts(['valid', 'expired', 'malformed']);
    counts.add('malformed');
    counts.add('valid');
    counts.add('malformed', 2);
    expect(listed(counts)).toEqual([
      ['valid', 1],
      ['malformed', 3],
    ]);
  });

  test('counts an outcome outside the list as _OTHER, so no input adds a new outcome', () => {
    const counts = new OutcomeCounts(['valid']);
    for (let i = 0; i < 1000; i++) counts.add(`free text ${i}`);
    expect(listed(counts)).toEqual([[OTHER_OUTCOME, 1000]]);
  });

  test('reports nothing before anything is counted', () => {
    expect(listed(new OutcomeCounts(['valid']))).toEqual([]);
  });
});

describe('IssuerOutcomeCounts', () => {
  test('keeps the outcomes of each issuer apart', () => {
    const counts = new IssuerOutcomeCounts(['success', 'http_error']);
    counts.add('https://a', 'success');
    counts.add('https://b', 'http_error');
    counts.add('https://a', 'success');
    const seen: string[] = [];
    counts.forEach((issuer, outcome, count) => {
      seen.push(`${issuer} ${outcome} ${count}`);
    });
    expect(seen).toEqual(['https://a success 2', 'https://b http_error 1']);
  });
});
