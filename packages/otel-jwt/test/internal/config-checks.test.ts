import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { choiceOption, numberOptionsAt } from '../../src/internal/config-checks.js';

// The shared readers of configuration options: what each setting function of the package builds on.
describe('numberOptionsAt', () => {
  const { integer, milliseconds } = numberOptionsAt('denyList');

  test('reads an integer as given and seconds as milliseconds, the fallback when undefined', () => {
    expect(integer(undefined, 5000, 'fetchTimeoutMilliseconds', 1, 300_000)).toBe(5000);
    expect(integer(250, 5000, 'fetchTimeoutMilliseconds', 1, 300_000)).toBe(250);
    expect(milliseconds(undefined, 30, 'refreshSeconds', 1, 86_400)).toBe(30_000);
    expect(milliseconds(1.5, 30, 'refreshSeconds', 1, 86_400)).toBe(1500);
  });

  test('refuses a fractional integer and a value out of range, naming the option under its path', () => {
    expect(() => integer(2.5, 5000, 'maxEntries', 1, 10)).toThrow(
      new ConfigurationError('denyList.maxEntries must be an integer from 1 to 10'),
    );
    expect(() => milliseconds(86_401, 30, 'refreshSeconds', 1, 86_400)).toThrow(
      'denyList.refreshSeconds must be a number from 1 to 86400',
    );
  });
});

describe('choiceOption', () => {
  test('returns the value when it is a choice, the fallback when undefined', () => {
    expect(choiceOption('accept', 'refuse', ['refuse', 'accept'], 'x.whenUnavailable')).toBe('accept');
    expect(choiceOption(undefined, 'refuse', ['refuse', 'accept'], 'x.whenUnavailable')).toBe('refuse');
  });

  test('refuses anything else, listing the choices', () => {
    expect(() => choiceOption('Accept', 'refuse', ['refuse', 'accept'], 'x.whenUnavailable')).toThrow(
      new ConfigurationError('x.whenUnavailable must be "refuse" or "accept"'),
    );
    expect(() => choiceOption(1, 'a', ['a', 'b', 'c'], 'y')).toThrow('y must be "a", "b" or "c"');
  });
});
