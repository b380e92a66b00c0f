// The verifier's in-process deny-list, `revoke(jti, until)`: refused `revoked` at once, cached verdicts
// included, until `until`, whatever the issuer. The deny-list document: verifier-deny-list-document.test.ts;
// the DenyList alone: test/revocation/deny-list.test.ts.
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { DenyListError, type IssuerConfig } from '../../src/index.js';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import * as signature from '../../src/verifier/signature.js';
import { NOW, T0, useDenyLists } from '../support/deny-list-fixtures.js';
import {
  cachedToken,
  documentOf,
  freezeAtT0,
  OTHER_ISSUER,
  verifierConfig,
} from '../support/deny-list-verifiers.js';
import { outcome, useResources } from '../support/remote-fixtures.js';
import { monolithClaims, pyjwtEncode } from '../support/self-issued-tokens.js';
import { mint } from '../support/telemetry-fixtures.js';

vi.mock('../../src/verifier/signature.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verifier/signature.js')>();
  return { ...real, checkSignature: vi.fn(real.checkSignature) };
});
const signatureChecks = vi.mocked(signature.checkSignature);

const { serve } = useDenyLists();
const { verifier } = useResources();
/**
 * How long an entry outlives its `until`: the issuers' largest clock tolerance (30 s by default), as long
 * as the claims checks still take a token whose `exp` is `until`.
 */
const GRACE_MS = 30_000;

describe('revoke(jti, until)', () => {
  test('refuses a cached token as revoked at once, without checking its signature again', () => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    const token = cachedToken(v, signatureChecks, 'order-7');
    v.revoke?.('order-7', NOW + 600);
    expect(v.verify(token)).toEqual({ status: 'invalid', code: 'revoked' });
    expect(v.verify(token)).toEqual({ status: 'invalid', code: 'revoked' });
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  test('lets the cached token through again once until and the clock tolerance have passed, without a signature check', () => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    const token = cachedToken(v, signatureChecks, 'order-8');
    v.revoke?.('order-8', NOW + 60);
    vi.setSystemTime(T0 + 60_000 + GRACE_MS - 1);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    vi.setSystemTime(T0 + 60_000 + GRACE_MS);
    expect(outcome(v.verify(token))).toBe('valid');
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['the default clock tolerance', {}, 30],
    ['a clock tolerance of 0', { clockToleranceSeconds: 0 }, 0],
    ['a clock tolerance of 120 s', { clockToleranceSeconds: 120 }, 120],
  ])(
    'revoked until its exp, a token is refused as long as the claims checks would take it: %s',
    (_name, over, tolerance) => {
      freezeAtT0();
      const [idp, ...others] = verifierConfig().issuers;
      const v = verifier({ issuers: [{ ...idp, ...over } as IssuerConfig, ...others] });
      const token = mint({ jti: 'to-exp', exp: NOW + 60 });
      v.revoke?.('to-exp', NOW + 60);
      for (const atMs of [0, 59_999, 60_000 + tolerance * 1000 - 1]) {
        vi.setSystemTime(T0 + atMs);
        expect(outcome(v.verify(token))).toBe('invalid:revoked');
      }
      vi.setSystemTime(T0 + 60_000 + tolerance * 1000);
      expect(outcome(v.verify(token))).toBe('invalid:expired');
    },
  );

  test('takes until as a Date as well as a NumericDate in seconds', () => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    const byDate = mint({ jti: 'by-date' });
    v.revoke?.('by-date', new Date(T0 + 10_000));
    vi.setSystemTime(T0 + 10_000 + GRACE_MS - 1);
    expect(outcome(v.verify(byDate))).toBe('invalid:revoked');
    vi.setSystemTime(T0 + 10_000 + GRACE_MS);
    expect(outcome(v.verify(byDate))).toBe('valid');
  });

  test('refuses a token first seen after its revocation, and does not cache the refusal past until', () => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    v.revoke?.('early', NOW + 30);
    const token = mint({ jti: 'early' });
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
    vi.setSystemTime(T0 + 30_000 + GRACE_MS);
    expect(outcome(v.verify(token))).toBe('valid');
  });

  test.each([
    ['a trusted issuer', () => mint({ jti: 'shared-jti' })],
    ['another trusted issuer', () => mint({ jti: 'shared-jti', iss: OTHER_ISSUER })],
    ['the self-issued issuer', () => pyjwtEncode(monolithClaims(NOW, { jti: 'shared-jti' }))],
  ])('refuses a revoked jti whatever the issuer: %s', (_name, make) => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    const token = make();
    expect(outcome(v.verify(token))).toBe('valid');
    v.revoke?.('shared-jti', NOW + 600);
    expect(outcome(v.verify(token))).toBe('invalid:revoked');
  });

  test('refuses only the exact jti string: case, prefix, padding, a number or no jti stay valid', () => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    v.revoke?.('Order-42', NOW + 600);
    v.revoke?.('42', NOW + 600);
    const near = [{ jti: 'order-42' }, { jti: 'Order-4' }, { jti: 'Order-42 ' }, { jti: 42 }, {}];
    for (const claims of near) expect(outcome(v.verify(mint(claims)))).toBe('valid');
    expect(outcome(v.verify(mint({ jti: 'Order-42' })))).toBe('invalid:revoked');
  });

  test('a token is refused exactly when its jti string was revoked with an until (plus the tolerance) still ahead (property)', () => {
    freezeAtT0();
    const jti = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 });
    const near = (base: string) =>
      fc.oneof(
        fc.constant(base),
        fc.constant(base.toUpperCase()),
        fc.constant(`${base} `),
        fc.constant(base.slice(1) || `${base}${base}`),
        jti,
      );
    const scenario = jti.chain((tokenJti) =>
      fc.tuple(fc.constant(tokenJti), near(tokenJti), fc.integer({ min: -120, max: 120 })),
    );
    fc.assert(
      fc.property(scenario, ([tokenJti, revokedJti, offsetSeconds]) => {
        const v = createJwtVerifier(verifierConfig());
        try {
          v.revoke?.(revokedJti, NOW + offsetSeconds);
          const refused = tokenJti === revokedJti && offsetSeconds * 1000 + GRACE_MS > 0;
          expect(outcome(v.verify(mint({ jti: tokenJti })))).toBe(refused ? 'invalid:revoked' : 'valid');
        } finally {
          v.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  test.each([
    ['an empty jti', () => ['', NOW + 60]],
    ['a jti past 1024 characters', () => ['j'.repeat(1025), NOW + 60]],
    ['until in milliseconds', () => ['secret-jti-1', T0 + 60_000]],
    ['an invalid Date', () => ['secret-jti-2', new Date(Number.NaN)]],
    ['until that is not a date', () => ['secret-jti-3', '2030-01-01']],
  ])('refuses %s with a DenyListError that echoes no argument', (_name, args) => {
    freezeAtT0();
    const v = verifier(verifierConfig());
    const [jti, until] = args() as [string, number];
    let thrown: unknown;
    try {
      v.revoke?.(jti, until);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DenyListError);
    expect(String((thrown as Error).message)).not.toContain('secret-jti');
  });

  test('a full in-process deny-list refuses the next revocation rather than drop one', async () => {
    freezeAtT0();
    const server = await serve([]);
    const v = verifier(verifierConfig(documentOf(server, { maxEntries: 2 })));
    await v.ready();
    v.revoke?.('full-1', NOW + 600);
    v.revoke?.('full-2', NOW + 600);
    expect(() => v.revoke?.('full-3', NOW + 600)).toThrow(DenyListError);
    expect(outcome(v.verify(mint({ jti: 'full-1' })))).toBe('invalid:revoked');
    expect(outcome(v.verify(mint({ jti: 'full-2' })))).toBe('invalid:revoked');
    expect(outcome(v.verify(mint({ jti: 'full-3' })))).toBe('valid');
  });
});
