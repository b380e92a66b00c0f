import { describe, expect, it } from 'vitest';
import { describeLeakReport } from '../../src/testing.js';

describe('describeLeakReport', () => {
  it('describes a leak by token index, extent, form and place', () => {
    expect(
      describeLeakReport({
        kind: 'leak',
        tokenIndex: 2,
        path: 'logs[0].body',
        form: 'base64',
        match: 'segment',
        start: 4,
        end: 60,
        tokenStart: 0,
        tokenEnd: 36,
      }),
    ).toBe('token #2 segment (base64, token characters 0-36) at logs[0].body [4, 60)');
  });
});

describe('describeLeakReport of undecodable parts', () => {
  it('describes an undecodable part by reason, place and payload offset', () => {
    expect(
      describeLeakReport({ kind: 'undecodable', path: 'resourceLogs[0]', reason: 'truncated', offset: 40 }),
    ).toBe('undecodable (truncated) at resourceLogs[0], payload offset 40');
  });
});
