import { diag } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkProof,
  issueProof,
  NO_KEY_ID,
  PROOF_CHARS,
  readProof,
} from '../../src/propagator/subject-proof.js';
import { type TelemetryKeys, telemetryKeys } from '../../src/propagator/telemetry-keys.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const ISSUER = 'https://idp.test';

let keyed: TelemetryKeys;
let otherKeyed: TelemetryKeys;
let unkeyed: TelemetryKeys;

beforeAll(() => {
  keyed = telemetryKeys('subject-proof-test-secret-0123456789ab');
  otherKeyed = telemetryKeys('subject-proof-other-secret-0123456789');
  // The unkeyed warning goes to the diag logger; none is set, so it is dropped.
  diag.disable();
  unkeyed = telemetryKeys(undefined);
});
afterAll(() => diag.disable());

const proofOf = (keys: TelemetryKeys, subject = 'alice', traceId = TRACE) =>
  issueProof(keys, traceId, keys.subjectDigest(ISSUER, subject));

describe('issue and check', () => {
  test('a keyed proof has the shape k2.<6 base64url key id>.<22 base64url>.<22 base64url>, PROOF_CHARS long', () => {
    const proof = proofOf(keyed);
    expect(proof).toMatch(/^k2\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(proof.split('.')[1]).toBe(keyed.id);
    expect(proof).toHaveLength(PROOF_CHARS);
  });

  test('an unkeyed proof has the shape h1.<22 base64url>.<22 base64url>', () => {
    expect(proofOf(unkeyed)).toMatch(/^h1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
  });

  test('a keyed proof checks under the same key and trace and yields the subject digest', () => {
    expect(checkProof(keyed, proofOf(keyed), TRACE)).toEqual({
      valid: true,
      subjectDigest: keyed.subjectDigest(ISSUER, 'alice'),
    });
  });

  test('an unkeyed proof checks under another unkeyed creation (h1 round trip)', () => {
    diag.disable();
    expect(checkProof(telemetryKeys(undefined), proofOf(unkeyed), TRACE)).toEqual({
      valid: true,
      subjectDigest: unkeyed.subjectDigest(ISSUER, 'alice'),
    });
  });

  test('proofs of different subjects carry different digests', () => {
    expect(proofOf(keyed, 'alice').split('.')[2]).not.toBe(proofOf(keyed, 'bob').split('.')[2]);
  });
});

describe('refused proofs', () => {
  test('a proof copied into another trace does not check (wrong trace id)', () => {
    expect(checkProof(keyed, proofOf(keyed), OTHER_TRACE)).toEqual({ valid: false });
  });

  test('a proof made with another key does not check', () => {
    expect(checkProof(keyed, proofOf(otherKeyed), TRACE)).toEqual({ valid: false });
  });

  test('an h1 proof, which anyone can compute, is refused by a keyed service (version downgrade)', () => {
    expect(checkProof(keyed, proofOf(unkeyed), TRACE)).toEqual({ valid: false });
  });

  test('a k2 proof is refused by an unkeyed service, which cannot check it', () => {
    expect(checkProof(unkeyed, proofOf(keyed), TRACE)).toEqual({ valid: false });
  });

  test("an h1 proof relabelled k2 with this service's key id is refused because its mac is not keyed", () => {
    const forged = proofOf(unkeyed).replace(/^h1\./, `k2.${keyed.id}.`);
    expect(checkProof(keyed, forged, TRACE)).toEqual({ valid: false });
  });

  test('a keyed proof relabelled h1 is refused by the service that issued it', () => {
    const relabelled = proofOf(keyed).replace(/^k2\.[^.]+\./, 'h1.');
    expect(checkProof(keyed, relabelled, TRACE)).toEqual({ valid: false });
  });

  test('a forged proof with a chosen digest and a plain-hash mac is refused by a keyed service', () => {
    const digest = keyed.subjectDigest(ISSUER, 'mallory');
    const forged = `k2.${keyed.id}.${digest}.${unkeyed.proofMac(TRACE, digest)}`;
    expect(checkProof(keyed, forged, TRACE)).toEqual({ valid: false });
  });

  test("a proof of another key relabelled with this service's key id fails the mac", () => {
    const relabelled = proofOf(otherKeyed).replace(otherKeyed.id, keyed.id);
    expect(checkProof(keyed, relabelled, TRACE)).toEqual({ valid: false });
  });

  test('flipping any one character of the mac makes the proof fail', () => {
    const proof = proofOf(keyed);
    const macStart = proof.lastIndexOf('.') + 1;
    for (let index = macStart; index < proof.length; index++) {
      const flipped = proof[index] === 'A' ? 'B' : 'A';
      const tampered = proof.slice(0, index) + flipped + proof.slice(index + 1);
      expect(checkProof(keyed, tampered, TRACE)).toEqual({ valid: false });
    }
  });

  test('flipping any one character of the digest makes the proof fail', () => {
    const proof = proofOf(keyed);
    const start = proof.indexOf('.', 3) + 1;
    for (let index = start; index < start + 22; index++) {
      const flipped = proof[index] === 'A' ? 'B' : 'A';
      expect(checkProof(keyed, proof.slice(0, index) + flipped + proof.slice(index + 1), TRACE).valid).toBe(
        false,
      );
    }
  });

  test.each([
    ['empty', () => ''],
    ['the version alone', () => 'k2'],
    ['empty parts', () => 'k2...'],
    ['the previous version (k1, no key id)', (p: string) => p.replace(/^k2\.[^.]+\./, 'k1.')],
    ['an unknown version', (p: string) => p.replace(/^k2/, 'k3')],
    ['an upper-case version', (p: string) => p.replace(/^k2/, 'K2')],
    ['a fifth part', (p: string) => `${p}.extra`],
    ['a 5-character key id', (p: string) => p.replace(/^k2\../, 'k2.')],
    ['a 21-character digest', (p: string) => p.replace(/^(k2\.[^.]+\.)./, '$1')],
    ['a 23-character mac', (p: string) => `${p}A`],
    ['standard base64 characters', (p: string) => `${p.slice(0, -2)}+/`],
    ['a leading space', (p: string) => ` ${p}`],
    ['a trailing newline', (p: string) => `${p}\n`],
    ['parts joined by commas', (p: string) => p.replaceAll('.', ',')],
  ])('a malformed proof (%s) is invalid without throwing', (_label, make) => {
    const value = make(proofOf(keyed));
    expect(() => checkProof(keyed, value, TRACE)).not.toThrow();
    expect(checkProof(keyed, value, TRACE)).toEqual({ valid: false });
  });

  test('a proof issued for the all-zero trace id still does not check', () => {
    const zeros = '0'.repeat(32);
    expect(checkProof(keyed, proofOf(keyed, 'alice', zeros), zeros)).toEqual({ valid: false });
  });

  test.each([
    ['undefined', undefined],
    ['empty', ''],
    ['upper-case hex', TRACE.toUpperCase()],
    ['31 characters', TRACE.slice(1)],
    ['33 characters', `${TRACE}0`],
    ['not hex', 'z'.repeat(32)],
    ['all zeros (the W3C invalid trace id)', '0'.repeat(32)],
  ])('an invalid inbound trace id (%s) makes every proof invalid', (_label, traceId) => {
    expect(checkProof(keyed, proofOf(keyed), traceId)).toEqual({ valid: false });
  });

  test('a proof issued for an upper-case trace id does not check against the canonical lower-case id', () => {
    const digest = keyed.subjectDigest(ISSUER, 'alice');
    expect(checkProof(keyed, issueProof(keyed, TRACE.toUpperCase(), digest), TRACE).valid).toBe(false);
  });
});

describe('key ids', () => {
  test('a proof naming a key id this service does not hold is read as foreign, with that id', () => {
    expect(readProof(keyed, proofOf(otherKeyed), TRACE)).toEqual({ key: undefined, keyId: otherKeyed.id });
  });

  test('an h1 proof reaching a keyed service is read as foreign, made with no key', () => {
    expect(readProof(keyed, proofOf(unkeyed), TRACE)).toEqual({ key: undefined, keyId: NO_KEY_ID });
  });

  test('a k2 proof reaching an unkeyed service is read as foreign, with its key id', () => {
    expect(readProof(unkeyed, proofOf(keyed), TRACE)).toEqual({ key: undefined, keyId: keyed.id });
  });

  test('a malformed proof is not read as foreign (so it stays invalid_proof)', () => {
    expect(readProof(keyed, `k2.${otherKeyed.id}.short.mac`, TRACE)).toBeUndefined();
  });

  test('a proof made with the second key of a rotating service checks with that key', () => {
    const rotating = telemetryKeys([
      'subject-proof-other-secret-0123456789',
      'subject-proof-test-secret-0123456789ab',
    ]);
    expect(rotating.id).toBe(otherKeyed.id);
    expect(checkProof(rotating, proofOf(keyed), TRACE)).toEqual({
      valid: true,
      subjectDigest: keyed.subjectDigest(ISSUER, 'alice'),
    });
    expect(checkProof(keyed, proofOf(rotating), TRACE)).toEqual({ valid: false });
  });
});
