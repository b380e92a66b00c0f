import { describe, expect, test } from 'vitest';
import { ConfigurationError, OtelJwtError } from '../src/index.js';
import { tokenMaterialIn } from './support/leak-scanner.js';
import { mint, telemetry } from './support/telemetry-fixtures.js';

describe('error messages never carry token material', () => {
  test('a message built with a token is scrubbed when the error is made', () => {
    const token = mint();
    const error = new OtelJwtError('example', `failed for ${token}`);
    expect(tokenMaterialIn(token, [error.message, String(error.stack)])).toBeUndefined();
    expect(error.code).toBe('example');
  });

  test('a configuration error echoing a token given as an option name does not repeat it', () => {
    const token = mint();
    let caught: unknown;
    try {
      telemetry({ [token]: true } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toMatch(/unknown option/);
    expect(tokenMaterialIn(token, [(caught as Error).message])).toBeUndefined();
  });

  test('a configuration error keeps the option path that says what to fix', () => {
    expect(() => telemetry({ maxAuthBaggageBytes: 10 })).toThrow(
      /maxAuthBaggageBytes must be an integer from 256 to 4096/,
    );
  });
});
