// The built package through its `require` entry, on Node 20.
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { createJwtVerifier, ConfigurationError, SUPPORTED_ALGORITHMS } = require('otel-jwt');

test('loads through require() with the same exports', () => {
  assert.equal(typeof createJwtVerifier, 'function');
  assert.ok(SUPPORTED_ALGORITHMS.includes('ES256'));
  assert.throws(() => createJwtVerifier({ issuers: [] }), ConfigurationError);
});

test('verifies an HS256 token built by hand through require()', () => {
  const { createHmac, randomBytes } = require('node:crypto');
  const secret = randomBytes(32);
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'https://idp.test', aud: 'orders', exp: now + 60 })}`;
  const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  const verifier = createJwtVerifier({
    issuers: [
      {
        issuer: 'https://idp.test',
        audience: 'orders',
        keys: { type: 'static', keys: [{ type: 'secret', secret, alg: 'HS256' }] },
      },
    ],
  });
  assert.equal(verifier.verify(token).status, 'valid');
  verifier.close();
});
