import { describe, expect, test } from 'vitest';
import { createJwtVerifier } from '../../src/verifier/jwt-verifier.js';
import { expectConfigurationError, issuer } from '../support/config-errors.js';
import { monolith } from '../support/self-issued-tokens.js';

// The issuers of one verifier checked together: one name per issuer, at most one self-issued issuer.

describe('issuers together', () => {
  test('builds a trusted issuer and a self-issued one side by side, in configuration order', () => {
    const verifier = createJwtVerifier({ issuers: [monolith(), issuer()] });
    expect(verifier.keyStatus().map((status) => status.issuer)).toEqual(['monolith', 'https://idp.example']);
    verifier.close();
  });

  test('builds a verifier of self-issued tokens alone', () => {
    const verifier = createJwtVerifier({ issuers: [monolith()] });
    expect(verifier.keyStatus()).toMatchObject([{ issuer: 'monolith', state: 'static' }]);
    verifier.close();
  });

  test.each([
    [
      'two self-issued issuers',
      [monolith(), issuer(), monolith({ name: 'other' })],
      'issuers[2].kind',
      /at most one self-issued issuer/,
    ],
    [
      'a self-issued name equal to a trusted issuer listed before it',
      [issuer(), monolith({ name: 'https://idp.example' })],
      'issuers[1].name',
      /also the name of a trusted issuer; give the self-issued tokens a name of their own/,
    ],
    [
      'a trusted issuer equal to the self-issued name listed before it',
      [monolith({ name: 'https://idp.example' }), issuer()],
      'issuers[1].issuer',
      /also the name of the self-issued issuer/,
    ],
    ['the same trusted issuer twice', [issuer(), issuer()], 'issuers[1].issuer', /list each issuer once/],
  ])('rejects %s at construction', (_, issuers, path, fix) => {
    expectConfigurationError({ issuers }, path, fix);
  });
});
