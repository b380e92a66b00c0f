import { createPublicKey, createSecretKey } from 'node:crypto';
import { EncryptJWT } from 'jose';
import type { InvalidCode, UnverifiedCode } from '../../src/index.js';
import { b64, signClaims, signJson, signSegments } from './forge.js';
import { makeForeignKey, type TestKey } from './test-keys.js';

/** One attack: the token, the verdict expected of the verifier, and the rule when stricter than jose. */
export interface AttackCase {
  readonly name: string;
  readonly token: () => string | Promise<string>;
  readonly expected: 'valid' | InvalidCode | UnverifiedCode;
  /** The rule that makes the verifier refuse what jose accepts; jose must then accept. */
  readonly stricterRule?: string;
}

export interface CatalogueContext {
  readonly keys: Record<TestKey['alg'], TestKey>;
  readonly issuer: string;
  readonly audience: string;
  readonly nowSeconds: number;
}

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE', 'none ', ' none', 'none\u0000', 'nonE'];
const KID_INJECTIONS = [
  '../../../../dev/null',
  "' OR '1'='1",
  '$(touch /tmp/pwned)',
  '\u0000',
  '*',
  'ec-1\u0000',
];

export function buildCatalogue(ctx: CatalogueContext): AttackCase[] {
  const { keys, issuer, audience, nowSeconds: now } = ctx;
  const es = keys.ES256;
  const rsa = keys.RS256;
  const claims = { iss: issuer, aud: audience, sub: 'alice', exp: now + 300, iat: now - 10, jti: 'j-1' };
  const claimsJson = JSON.stringify(claims);
  const valid = signClaims(es, claims);
  const [validHeader = '', validPayload = '', validSignature = ''] = valid.split('.');
  const rsaPem = createPublicKey(rsa.signingKey).export({ format: 'pem', type: 'spki' }) as string;
  const attacker = makeForeignKey('ES256', 'attacker-1');
  const deep = (levels: number): unknown => (levels === 0 ? 'x' : { n: deep(levels - 1) });
  const cases: AttackCase[] = [];
  const add = (c: AttackCase) => cases.push(c);

  for (const key of Object.values(keys)) {
    add({
      name: `accepts a valid ${key.alg} token`,
      token: () => signClaims(key, claims),
      expected: 'valid',
    });
  }
  for (const alg of NONE_SPELLINGS) {
    add({
      name: `rejects a token whose alg is ${JSON.stringify(alg)} with an empty signature`,
      token: () => `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${validPayload}.`,
      expected: 'alg_not_allowed',
    });
  }
  add({
    name: 'rejects a token whose alg is none carrying a stolen valid signature',
    token: () => `${b64(JSON.stringify({ alg: 'none', kid: es.kid }))}.${validPayload}.${validSignature}`,
    expected: 'alg_not_allowed',
  });
  add({
    name: 'rejects an HS256 token signed with the RSA public key as the HMAC secret (alg confusion)',
    token: () =>
      signJson(JSON.stringify({ alg: 'HS256', kid: rsa.kid }), claimsJson, {
        ...keys.HS256,
        signingKey: createSecretKeyFrom(rsaPem),
      }),
    expected: 'alg_key_mismatch',
  });
  add({
    name: 'rejects an HS256 token without kid signed with the RSA public key as the HMAC secret',
    token: () =>
      signJson(JSON.stringify({ alg: 'HS256' }), claimsJson, {
        ...keys.HS256,
        signingKey: createSecretKeyFrom(rsaPem),
      }),
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects an RS256 token that names the EC key (alg of another family than its key)',
    token: () => signJson(JSON.stringify({ alg: 'RS256', kid: es.kid }), claimsJson, rsa),
    expected: 'alg_key_mismatch',
  });
  add({
    name: 'rejects a token whose signature is stripped',
    token: () => `${validHeader}.${validPayload}.`,
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects a token with only two segments',
    token: () => `${validHeader}.${validPayload}`,
    expected: 'malformed',
  });
  add({
    name: 'rejects a token whose signature is truncated to half its bytes',
    token: () =>
      `${validHeader}.${validPayload}.${b64(Buffer.from(validSignature, 'base64url').subarray(0, 32))}`,
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects a token whose signature belongs to other claims',
    token: () => `${validHeader}.${b64(JSON.stringify({ ...claims, sub: 'mallory' }))}.${validSignature}`,
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects an ES256 token whose signature is r = s = 0',
    token: () => `${validHeader}.${validPayload}.${b64(new Uint8Array(64))}`,
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects an ES256 token whose signature is DER-encoded instead of raw r||s',
    token: () =>
      `${validHeader}.${validPayload}.${b64(derFromRaw(Buffer.from(validSignature, 'base64url')))}`,
    expected: 'invalid_signature',
  });
  for (const kid of KID_INJECTIONS) {
    add({
      name: `leaves a token unverified whose kid is the injection string ${JSON.stringify(kid)}`,
      token: () => signClaims(es, claims, { kid }),
      expected: 'unknown_key',
    });
  }
  for (const kid of [42, null, ['ec-1'], { id: 'ec-1' }]) {
    add({
      name: `rejects a token whose kid is not a string but ${JSON.stringify(kid)}`,
      token: () => signClaims(es, claims, { kid }),
      expected: 'invalid_header',
    });
  }
  add({
    name: 'never trusts an embedded jwk header: attacker key, attacker kid',
    token: () => signClaims(attacker, claims, { jwk: attacker.publicJwk }),
    expected: 'unknown_key',
  });
  add({
    name: 'never trusts an embedded jwk header: attacker key under the real kid',
    token: () => signClaims({ ...attacker, kid: es.kid }, claims, { jwk: attacker.publicJwk }),
    expected: 'invalid_signature',
  });
  for (const header of ['jku', 'x5u']) {
    add({
      name: `never follows an embedded ${header} header`,
      token: () => signClaims({ ...attacker, kid: es.kid }, claims, { [header]: 'http://127.0.0.1:9/keys' }),
      expected: 'invalid_signature',
    });
  }
  add({
    name: 'never trusts an embedded x5c header',
    token: () => signClaims({ ...attacker, kid: es.kid }, claims, { x5c: ['MIIBkTCB+wIJAK'] }),
    expected: 'invalid_signature',
  });
  add({
    name: 'rejects a token with an unknown crit extension',
    token: () => signClaims(es, claims, { crit: ['x-custom'], 'x-custom': 1 }),
    expected: 'unsupported_crit',
  });
  add({
    name: 'rejects a token whose crit is an empty list',
    token: () => signClaims(es, claims, { crit: [] }),
    expected: 'unsupported_crit',
  });
  add({
    name: 'rejects crit naming b64=true because no crit extension is understood',
    token: () => signClaims(es, claims, { crit: ['b64'], b64: true }),
    expected: 'unsupported_crit',
    stricterRule: 'no crit extension is understood, so any crit is refused (RFC 7515 §4.1.11)',
  });
  add({
    name: 'rejects a token with an unencoded payload (b64=false under crit)',
    token: () =>
      signSegments(
        b64(JSON.stringify({ alg: 'ES256', kid: es.kid, b64: false, crit: ['b64'] })),
        b64(claimsJson),
        es,
      ),
    expected: 'unsupported_crit',
  });
  add({
    name: 'rejects b64=false even without crit',
    token: () => signClaims(es, claims, { b64: false }),
    expected: 'unencoded_payload',
    stricterRule: 'a b64 header other than true is refused: RFC 7797 has no place in a JWT',
  });
  for (const typ of ['JOSE', 'id_token+jwt', 'application/secevent+jwt', '', 1]) {
    add({
      name: `rejects a token whose typ is ${JSON.stringify(typ)}`,
      token: () => signClaims(es, claims, { typ }),
      expected: 'typ_not_accepted',
    });
  }
  for (const typ of ['JWT', 'at+JWT', 'application/at+jwt', 'jwt']) {
    add({
      name: `accepts typ ${typ} the way jose normalizes it`,
      token: () => signClaims(es, claims, { typ }),
      expected: 'valid',
    });
  }
  add({
    name: 'accepts a token without typ',
    token: () => signClaims(es, claims, { typ: undefined }),
    expected: 'valid',
  });
  add({
    name: 'rejects an expired token',
    token: () => signClaims(es, { ...claims, exp: now - 31 }),
    expected: 'expired',
  });
  add({
    name: 'rejects a token at exactly exp minus the clock tolerance',
    token: () => signClaims(es, { ...claims, exp: now - 30 }),
    expected: 'expired',
  });
  add({
    name: 'accepts a token one second inside the clock tolerance after exp',
    token: () => signClaims(es, { ...claims, exp: now - 29 }),
    expected: 'valid',
  });
  add({
    name: 'rejects a token whose nbf is in the future',
    token: () => signClaims(es, { ...claims, nbf: now + 31 }),
    expected: 'not_yet_valid',
  });
  add({
    name: 'accepts nbf within the clock tolerance',
    token: () => signClaims(es, { ...claims, nbf: now + 30 }),
    expected: 'valid',
  });
  add({
    name: 'rejects a token without exp',
    token: () => signClaims(es, { ...claims, exp: undefined }),
    expected: 'missing_claim',
  });
  add({
    name: 'rejects a token whose exp is a string',
    token: () => signClaims(es, { ...claims, exp: String(now + 300) }),
    expected: 'invalid_claim',
  });
  add({
    name: 'rejects a token whose exp is not finite',
    token: () =>
      signJson(
        JSON.stringify({ alg: 'ES256', kid: es.kid }),
        claimsJson.replace(/"exp":\d+/, '"exp":1e999'),
        es,
      ),
    expected: 'invalid_claim',
    stricterRule: 'numeric dates must be finite',
  });
  add({
    name: 'rejects a token whose sub is not a string',
    token: () => signClaims(es, { ...claims, sub: 42 }),
    expected: 'invalid_claim',
    stricterRule: 'sub must be a string (RFC 7519 §4.1.2)',
  });
  add({
    name: 'rejects a token for another audience',
    token: () => signClaims(es, { ...claims, aud: 'payments' }),
    expected: 'audience_mismatch',
  });
  add({
    name: 'accepts an audience array that names this service',
    token: () => signClaims(es, { ...claims, aud: ['payments', audience] }),
    expected: 'valid',
  });
  add({
    name: 'rejects a token without aud',
    token: () => signClaims(es, { ...claims, aud: undefined }),
    expected: 'missing_claim',
  });
  add({
    name: 'rejects a token from another issuer',
    token: () => signClaims(es, { ...claims, iss: 'https://evil.test' }),
    expected: 'unknown_issuer',
  });
  add({
    name: 'rejects a token whose iss is not a string',
    token: () => signClaims(es, { ...claims, iss: [issuer] }),
    expected: 'unknown_issuer',
  });
  add({
    name: 'rejects a token larger than the size limit',
    token: () => signClaims(es, { ...claims, pad: 'x'.repeat(9000) }),
    expected: 'token_too_large',
    stricterRule: 'tokens are limited to 8 KiB',
  });
  add({
    name: 'rejects claims nested deeper than the JSON depth limit',
    token: () => signClaims(es, { ...claims, nested: deep(20) }),
    expected: 'json_too_deep',
    stricterRule: 'JSON nesting is limited to 16 levels',
  });
  add({
    name: 'rejects a payload with a duplicate member name',
    token: () =>
      signJson(
        JSON.stringify({ alg: 'ES256', kid: es.kid }),
        `${claimsJson.slice(0, -1)},"sub":"admin"}`,
        es,
      ),
    expected: 'duplicate_member',
    stricterRule: 'duplicate member names are refused (parsers disagree on which copy wins)',
  });
  add({
    name: 'rejects a header with a duplicate alg member',
    token: () => signJson(`{"alg":"ES256","kid":"${es.kid}","alg":"ES256"}`, claimsJson, es),
    expected: 'duplicate_member',
    stricterRule: 'duplicate member names are refused (parsers disagree on which copy wins)',
  });
  add({
    name: 'rejects a payload that is not JSON',
    token: () => signJson(JSON.stringify({ alg: 'ES256', kid: es.kid }), 'hello', es),
    expected: 'invalid_json',
  });
  add({
    name: 'rejects a payload that is a JSON array',
    token: () => signJson(JSON.stringify({ alg: 'ES256', kid: es.kid }), '[1]', es),
    expected: 'invalid_json',
  });
  add({
    name: 'rejects a payload that is not UTF-8',
    token: () =>
      signSegments(
        b64(JSON.stringify({ alg: 'ES256', kid: es.kid })),
        b64(new Uint8Array([0x7b, 0xff, 0x7d])),
        es,
      ),
    expected: 'invalid_json',
  });
  add({
    name: 'rejects claims preceded by a UTF-8 byte-order mark',
    token: () => signJson(JSON.stringify({ alg: 'ES256', kid: es.kid }), `\ufeff${claimsJson}`, es),
    expected: 'invalid_json',
    stricterRule: 'JSON text without a byte-order mark (RFC 8259 §8.1)',
  });
  add({
    name: 'rejects a header that is not an object',
    token: () => signJson('"ES256"', claimsJson, es),
    expected: 'invalid_header',
  });
  add({
    name: 'rejects base64url with padding',
    token: () => signSegments(`${b64(JSON.stringify({ alg: 'ES256', kid: es.kid }))}==`, b64(claimsJson), es),
    expected: 'non_canonical_encoding',
    stricterRule: 'canonical base64url only (no padding)',
  });
  add({
    name: 'rejects base64url with non-zero unused bits',
    token: () =>
      signSegments(
        nonZeroTail(b64(JSON.stringify({ alg: 'ES256', kid: es.kid, typ: 'JWT' }))),
        b64(claimsJson),
        es,
      ),
    expected: 'non_canonical_encoding',
    stricterRule: 'canonical base64url only (no non-zero unused bits)',
  });
  add({
    name: 'rejects the twin of a valid signature that differs only in unused bits',
    token: () => `${validHeader}.${validPayload}.${nonZeroTail(validSignature)}`,
    expected: 'non_canonical_encoding',
    stricterRule: 'canonical base64url only (the same signature bytes must not travel as two strings)',
  });
  add({
    name: 'rejects base64 with + and / characters',
    token: () =>
      `${validHeader}.${validPayload}.${validSignature.replaceAll('-', '+').replaceAll('_', '/')}x`,
    expected: 'non_canonical_encoding',
  });
  add({
    name: 'rejects a token with surrounding whitespace',
    token: () => ` ${valid} `,
    expected: 'non_canonical_encoding',
  });
  add({
    name: 'rejects a JWE where a JWS is expected',
    token: () =>
      new EncryptJWT(claims)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(new Uint8Array(32).fill(1)),
    expected: 'jwe_not_supported',
  });
  add({ name: 'rejects a token with four segments', token: () => `${valid}.x`, expected: 'malformed' });
  add({
    name: 'checks the signature before any claim: a forged expired token is a signature failure',
    token: () => signClaims({ ...attacker, kid: es.kid }, { ...claims, exp: now - 1000, aud: 'nobody' }),
    expected: 'invalid_signature',
  });
  return cases;
}

/** The classic confusion payload: the PEM text of the public key used as an HMAC secret. */
function createSecretKeyFrom(pem: string) {
  return createSecretKey(Buffer.from(pem, 'utf8'));
}

/** Flips the unused low bits of the last base64url character of a segment whose length % 4 is 2 or 3. */
function nonZeroTail(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(segment.at(-1) ?? 'A');
  return segment.slice(0, -1) + alphabet.charAt(last | 1);
}

/** DER encoding of a raw P-256 r||s signature: the shape jose and this verifier must refuse. */
function derFromRaw(raw: Buffer): Buffer {
  const int = (bytes: Buffer) => {
    let b = bytes;
    while (b.length > 1 && b[0] === 0 && (b[1] ?? 0) < 0x80) b = b.subarray(1);
    if ((b[0] ?? 0) >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
