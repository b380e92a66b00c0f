import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';

const resolve = (config: unknown) => () => resolveRedaction(config, 'redaction');

describe('redaction options', () => {
  test('no options resolves to the built-in rules alone', () => {
    const rules = resolveRedaction(undefined, 'redaction');
    expect(rules.valuePatterns).toEqual([]);
    expect(rules.isCredentialKey('http.request.header.authorization')).toBe(true);
  });

  test('rejects an unknown option, naming it', () => {
    expect(resolve({ disable: true })).toThrow(ConfigurationError);
    expect(resolve({ disable: true })).toThrow(/unknown option "disable"/);
  });

  test('rejects credentialKeys that are not an array of names', () => {
    expect(resolve({ credentialKeys: 'authorization' })).toThrow(/redaction.credentialKeys must be an array/);
    expect(resolve({ credentialKeys: ['has space'] })).toThrow(/redaction.credentialKeys/);
  });

  test('rejects queryParameters that are not an array of names', () => {
    expect(resolve({ queryParameters: [''] })).toThrow(/redaction.queryParameters/);
  });

  test('rejects an isCredentialKey that is not a function', () => {
    expect(resolve({ isCredentialKey: true })).toThrow(/redaction.isCredentialKey must be a function/);
  });

  test('rejects valuePatterns that are not regular expressions', () => {
    expect(resolve({ valuePatterns: ['sk_live_'] })).toThrow(
      /redaction.valuePatterns must be an array of regular expressions/,
    );
  });

  test('rejects a value pattern that matches the empty string, naming its index', () => {
    expect(resolve({ valuePatterns: [/x+/, /a*/] })).toThrow(
      /redaction.valuePatterns\[1\] matches the empty string/,
    );
  });

  test('keeps the flags of a value pattern and makes it global', () => {
    const [pattern] = resolveRedaction({ valuePatterns: [/secret-\d+/i] }, 'redaction').valuePatterns;
    expect(pattern?.flags).toBe('gi');
  });
});
