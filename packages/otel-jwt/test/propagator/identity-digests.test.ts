import { afterAll, expect, test, vi } from 'vitest';
import { IdentityCache } from '../../src/propagator/identity.js';
import type { TelemetrySettings } from '../../src/propagator/telemetry-settings.js';
import { settingsOf, verified, verifier } from '../support/identity-fixtures.js';

afterAll(() => verifier.close());

/** Settings whose digest functions count their calls. */
function countingSettings(): {
  settings: TelemetrySettings;
  pseudonym: ReturnType<typeof vi.fn>;
  digest: ReturnType<typeof vi.fn>;
} {
  const base = settingsOf();
  const pseudonym = vi.fn(base.keys.pseudonym);
  const digest = vi.fn(base.keys.subjectDigest);
  return {
    settings: { ...base, keys: { ...base.keys, pseudonym, subjectDigest: digest } },
    pseudonym,
    digest,
  };
}

test("a subject's new tokens reuse its user.hash and proof digest instead of computing them again", () => {
  const { settings, pseudonym, digest } = countingSettings();
  const cache = new IdentityCache(settings);
  const first = verified({ sub: 'alice', jti: 'one' });
  const second = verified({ sub: 'alice', jti: 'two' });
  const a = cache.of(first.result, first.token);
  const b = cache.of(second.result, second.token);
  expect(a).not.toBe(b);
  expect(b.attributes['user.hash']).toBe(a.attributes['user.hash']);
  expect(b.subjectDigest).toBe(a.subjectDigest);
  expect(pseudonym).toHaveBeenCalledTimes(1);
  expect(digest).toHaveBeenCalledTimes(1);
});

test('the digests kept for one subject are never handed to another, however alike their texts', () => {
  const { settings } = countingSettings();
  const cache = new IdentityCache(settings);
  const fresh = new IdentityCache(settingsOf());
  for (const sub of ['alice', 'bob', 'alice ', 'ALICE', '5:x:alice', 'x:alice']) {
    const { token, result } = verified({ sub, jti: sub });
    const kept = cache.of(result, token);
    const made = fresh.of(result, token);
    expect(kept.attributes['user.hash']).toBe(made.attributes['user.hash']);
    expect(kept.subjectDigest).toBe(made.subjectDigest);
  }
  const hashes = ['alice', 'bob'].map((sub) => {
    const { token, result } = verified({ sub, jti: `${sub}-2` });
    return cache.of(result, token).attributes['user.hash'];
  });
  expect(hashes[0]).not.toBe(hashes[1]);
});
