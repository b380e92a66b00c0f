import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { algorithmSpec } from '../../src/keys/algorithms.js';
import { acceptedTypeSet, checkHeader, normalizeTyp, typAccepted } from '../../src/verifier/header-policy.js';

/** The verifier's notion of a supported algorithm. */
const supported = (alg: unknown): boolean => algorithmSpec(alg) !== undefined;
const check = (header: Record<string, unknown>) => checkHeader(header, supported);

describe('alg', () => {
  test('accepts a header whose alg is supported', () => {
    expect(check({ alg: 'ES256', typ: 'JWT', kid: 'k' })).toBeUndefined();
  });

  test.each([
    'none',
    'None',
    'NONE',
    'nOnE',
    'none ',
    ' none',
    'none\u0000',
    'non\u0435', // Cyrillic e
  ])('rejects a token whose alg is none, spelled %j', (alg) => {
    expect(check({ alg })).toBe('alg_not_allowed');
  });

  test('rejects none in any mix of letter case and surrounding whitespace', () => {
    const spelled = fc
      .tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '\t', '\n'))
      .map(([n, o, n2, e, pad]) => {
        const word = [n ? 'N' : 'n', o ? 'O' : 'o', n2 ? 'N' : 'n', e ? 'E' : 'e'].join('');
        return `${pad}${word}${pad}`;
      });
    fc.assert(
      fc.property(spelled, (alg) => {
        expect(check({ alg })).toBe('alg_not_allowed');
      }),
    );
  });

  test.each(['es256', 'ES256 ', 'HS1', 'RS1', 'ES256K', 'RSA-OAEP', 'dir'])(
    'rejects the unsupported or misspelled alg %j as alg_not_allowed',
    (alg) => {
      expect(check({ alg })).toBe('alg_not_allowed');
    },
  );

  test.each([
    ['missing', undefined],
    ['null', null],
    ['a number', 256],
    ['a boolean', true],
    ['an array', ['ES256']],
    ['an object', { name: 'ES256' }],
  ])('rejects a header whose alg is %s as invalid_header', (_, alg) => {
    expect(check(alg === undefined ? {} : { alg })).toBe('invalid_header');
  });
});

describe('kid', () => {
  test.each([
    ['a number', 123],
    ['null', null],
    ['an array', ['k1']],
    ['an object', { id: 'k1' }],
  ])('rejects a header whose kid is %s as invalid_header, as jose finds no key for it', (_, kid) => {
    expect(check({ alg: 'ES256', kid })).toBe('invalid_header');
  });

  test('accepts a string kid, including the empty string', () => {
    expect(check({ alg: 'ES256', kid: '' })).toBeUndefined();
  });

  test('checks alg before kid and kid before crit', () => {
    expect(check({ alg: 'none', kid: 1 })).toBe('alg_not_allowed');
    expect(check({ alg: 'ES256', kid: 1, crit: [] })).toBe('invalid_header');
  });
});

describe('crit and b64', () => {
  test.each([
    ['a list of names', ['exp']],
    ['an empty list', []],
    ['null', null],
    ['a string', 'b64'],
    ['false', false],
    ['an object', {}],
  ])('rejects a header with crit present as %s as unsupported_crit', (_, crit) => {
    expect(check({ alg: 'ES256', crit })).toBe('unsupported_crit');
  });

  test.each([
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
    ['null', null],
  ])('rejects b64 given as %s as unencoded_payload', (_, b64) => {
    expect(check({ alg: 'ES256', b64 })).toBe('unencoded_payload');
  });

  test('accepts b64 true, the default encoding', () => {
    expect(check({ alg: 'ES256', b64: true })).toBeUndefined();
  });

  test('checks alg before crit and crit before b64', () => {
    expect(check({ alg: 'none', crit: ['b64'], b64: false })).toBe('alg_not_allowed');
    expect(check({ alg: 'ES256', crit: ['b64'], b64: false })).toBe('unsupported_crit');
  });
});

describe('embedded keys', () => {
  test('ignores jwk, jku, x5u and x5c headers: same verdict, and they are never read', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const embedded = {
      jwk,
      jku: 'https://attacker.example/jwks',
      x5u: 'https://attacker.example/cert.pem',
      x5c: [randomBytes(64).toString('base64')],
    };
    const bases = [{ alg: 'ES256' }, { alg: 'HS256' }, { alg: 'none' }, { alg: 'ES256', crit: ['jwk'] }, {}];
    for (const base of bases) {
      const read: PropertyKey[] = [];
      const spy = new Proxy(
        { ...base, ...embedded },
        {
          get(target, key, receiver) {
            read.push(key);
            return Reflect.get(target, key, receiver);
          },
        },
      );
      expect(checkHeader(spy, supported)).toBe(check(base));
      expect(read.filter((key) => key in embedded)).toEqual([]);
    }
  });
});

describe('typ', () => {
  test.each([
    ['JWT', 'application/jwt'],
    ['jwt', 'application/jwt'],
    ['application/JWT', 'application/jwt'],
    ['Application/Jwt', 'application/jwt'],
    ['at+jwt', 'application/at+jwt'],
    ['text/plain', 'text/plain'],
  ])('normalizes typ %j to %j', (typ, normalized) => {
    expect(normalizeTyp(typ)).toBe(normalized);
  });

  const accepted = new Set(['JWT', 'at+jwt'].map(normalizeTyp));

  test.each(['JWT', 'jwt', 'application/jwt', 'APPLICATION/JWT', 'at+jwt', 'AT+JWT', 'application/at+jwt'])(
    'accepts typ %j under the default accepted types',
    (typ) => {
      expect(typAccepted(typ, accepted, false)).toBe(true);
    },
  );

  test.each([
    ['another media type', 'secevent+jwt'],
    ['the JOSE media type', 'application/jose'],
    ['a prefix of another top-level type', 'text/jwt'],
    ['a padded value', 'JWT '],
    ['a number', 1],
    ['null', null],
    ['a list', ['JWT']],
  ])('rejects typ given as %s', (_, typ) => {
    expect(typAccepted(typ, accepted, true)).toBe(false);
  });

  test('lets the missingOk flag decide for a header without typ', () => {
    expect(typAccepted(undefined, accepted, true)).toBe(true);
    expect(typAccepted(undefined, accepted, false)).toBe(false);
  });

  test('accepts exactly the typ values jose accepts for the same configured typ', async () => {
    const secret = randomBytes(32);
    const typs = [
      'JWT',
      'jwt',
      'application/jwt',
      'APPLICATION/JWT',
      'at+jwt',
      'Application/At+JWT',
      'text/jwt',
      'jose',
      'application/application/jwt',
      'JWT ',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...typs), fc.constantFrom(...typs), async (typ, configured) => {
        const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ }).sign(secret);
        const joseAccepts = await jwtVerify(token, secret, { typ: configured }).then(
          () => true,
          () => false,
        );
        expect(typAccepted(typ, new Set([normalizeTyp(configured)]), false)).toBe(joseAccepts);
      }),
      { numRuns: 150 },
    );
  });
});

describe('acceptedTypeSet', () => {
  test('accepts exactly what normalization accepts, whatever the spelling of token and configuration', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('JWT', 'at+jwt', 'application/AT+JWT', 'dpop+jwt', 'JOSE'), {
          minLength: 1,
        }),
        fc.constantFrom(
          'jwt',
          'JWT',
          'Jwt',
          'at+jwt',
          'AT+JWT',
          'application/at+jwt',
          'application/jwt',
          'jose',
          'x',
        ),
        (configured, typ) => {
          const normalized = new Set(configured.map(normalizeTyp));
          expect(typAccepted(typ, acceptedTypeSet(configured), false)).toBe(
            normalized.has(normalizeTyp(typ)),
          );
        },
      ),
    );
  });
});
