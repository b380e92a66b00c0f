import { describe, expect, it } from 'vitest';
import { assertNoTokenLeaks, TokenLeakError } from '../../src/testing.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { leakToken, lookAlikeToken } from '../support/leak-telemetry.js';

const TOKEN = leakToken();

function thrown(run: () => void): TokenLeakError {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenLeakError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('assertNoTokenLeaks', () => {
  it('passes on telemetry without token material', () => {
    expect(() => assertNoTokenLeaks({ text: `look-alike ${lookAlikeToken()}` }, [TOKEN])).not.toThrow();
  });

  it('throws a TokenLeakError listing places and offsets, without token material', () => {
    const error = thrown(() =>
      assertNoTokenLeaks({ spans: [{ name: 'x', attributes: { auth: TOKEN } }] }, [TOKEN]),
    );
    expect(error.reports).toHaveLength(1);
    expect(error.message).toBe(
      `1 token leak(s) in telemetry, 0 undecodable part(s):\n  - token #0 token (raw, token characters 0-${TOKEN.length}) at spans[0].attributes["auth"] [0, ${TOKEN.length})`,
    );
    expect(tokenMaterialIn(TOKEN, [error.message, error.stack ?? ''])).toBeUndefined();
  });

  it('throws on an undecodable payload, where a clean result would mean nothing', () => {
    const error = thrown(() => assertNoTokenLeaks({ otlpJson: '{"resourceSpans": [' }, [TOKEN]));
    expect(error.message).toContain('undecodable (invalid_json) at $, payload offset 19');
  });

  it('lists 20 reports and counts the rest', () => {
    const error = thrown(() => assertNoTokenLeaks({ text: `${TOKEN} `.repeat(25) }, [TOKEN]));
    expect(error.reports).toHaveLength(25);
    expect(error.message.split('\n')).toHaveLength(22);
    expect(error.message).toMatch(/ {2}- and 5 more$/);
  });
});
