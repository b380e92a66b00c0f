import { readdirSync, readFileSync } from 'node:fs';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { diagnostics } from '../../src/internal/diagnostics.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
  diag.disable();
});

const SRC = new URL('../../src/', import.meta.url);
/** Every source file, by its path under src (folders included). */
const sources = () =>
  (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: file.split('\\').join('/'), text: readFileSync(new URL(file, SRC), 'utf8') }));

describe('the one way out to the diag logger', () => {
  test('a message holding a token is logged without it, at every level', () => {
    const logged: string[] = [];
    const keep = (message: string) => void logged.push(message);
    diag.setLogger({ warn: keep, error: keep, info: keep, debug: keep, verbose: keep }, DiagLogLevel.ALL);
    logged.length = 0; // setLogger logs about itself
    const token = mint();
    diagnostics.warn(`warn ${token}`);
    diagnostics.info(`info ${token}`);
    diagnostics.error(`error ${token}`);
    expect(logged).toHaveLength(3);
    expect(tokenMaterialIn(token, logged)).toBeUndefined();
  });

  test('a piece of a token seen by the process is scrubbed from a message too', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    const token = mint();
    seenTokens.remember(token, 'vouched');
    diagnostics.warn(`signature ${token.split('.')[2]}`);
    expect(tokenMaterialIn(token, [String(warn.mock.calls[0]?.[0])])).toBeUndefined();
  });

  test('a logger that throws does not reach the caller', () => {
    let armed = false;
    const explode = () => {
      if (armed) throw new Error('broken logger');
    };
    diag.setLogger(
      { warn: explode, error: explode, info: explode, debug: explode, verbose: explode },
      DiagLogLevel.ALL,
    );
    armed = true;
    expect(() => diagnostics.warn('x')).not.toThrow();
    expect(() => diagnostics.error('x')).not.toThrow();
    armed = false;
  });

  test('no other source file writes to diag or the console directly', () => {
    const offenders = sources()
      .filter(({ file }) => file !== 'internal/diagnostics.ts')
      .filter(
        ({ text }) =>
          /\bdiag\s*[.[]|\bconsole\s*\./.test(text) || /import\s*\{[^}]*\bdiag\b[^}]*\}/.test(text),
      )
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
