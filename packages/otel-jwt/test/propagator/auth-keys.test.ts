import { describe, expect, test } from 'vitest';
import { isAuthKey, isProofKey } from '../../src/propagator/auth-keys.js';
import { settings } from '../support/extract-fixtures.js';

describe('isAuthKey', () => {
  test.each([
    ['user.roles', true],
    ['user.', true],
    ['jwt.subject_proof', true],
    ['jwt.entries_proof', true],
    ['tenant.id', true],
    ['legacy.flag', true],
    ['User.roles', false],
    ['jwtx', false],
    ['tenant', false],
    ['color', false],
  ])('%s is an auth key: %s', (key, expected) => {
    expect(isAuthKey(key, settings)).toBe(expected);
  });
});

describe('isProofKey', () => {
  test.each([
    ['jwt.subject_proof', true],
    ['jwt.entries_proof', true],
    ['jwt.result', false],
    ['user.roles', false],
    ['JWT.SUBJECT_PROOF', false],
  ])('%s is one of the two proof keys, which no entries proof lists: %s', (key, expected) => {
    expect(isProofKey(key)).toBe(expected);
  });
});
