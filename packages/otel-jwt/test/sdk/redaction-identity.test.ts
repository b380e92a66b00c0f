import { describe, expect, test } from 'vitest';
import { redactionIdentity } from '../../src/sdk/redaction-identity.js';

describe('redactionIdentity', () => {
  test('no configuration and an empty one apply the same rules, so they share an identity', () => {
    expect(redactionIdentity(undefined)).toBe(redactionIdentity({}));
  });

  test('the same additions give the same identity, whatever the order of the names', () => {
    const predicate = (key: string) => key === 'x-secret';
    expect(
      redactionIdentity({ credentialKeys: ['a', 'b'], queryParameters: ['sig'], isCredentialKey: predicate }),
    ).toBe(
      redactionIdentity({ credentialKeys: ['b', 'a'], queryParameters: ['sig'], isCredentialKey: predicate }),
    );
  });

  test('any other addition gives another identity, so a wrapper never takes a verdict under fewer rules', () => {
    const base = redactionIdentity(undefined);
    const others = [
      redactionIdentity({ credentialKeys: ['x-tenant-secret'] }),
      redactionIdentity({ queryParameters: ['signature_v2'] }),
      redactionIdentity({ valuePatterns: [/sk_live_[a-z]+/] }),
      redactionIdentity({ valuePatterns: [/sk_live_[a-z]+/i] }),
      redactionIdentity({ isCredentialKey: () => false }),
      redactionIdentity({ isCredentialKey: () => false }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });
});
