// The built package through its `import` entry, on Node 20 with OpenTelemetry SDK 2.x.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SignJWT } from 'jose';
import { ConfigurationError, createJwtVerifier } from 'otel-jwt';

const ISSUER = 'https://idp.test';

async function mint(alg, privateKey, claims = {}) {
  return new SignJWT({ sub: 'alice', ...claims })
    .setProtectedHeader({ alg, kid: `${alg}-1`, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience('orders')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

const pairs = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
};

function verifierFor(alg) {
  const jwk = { ...pairs[alg].publicKey.export({ format: 'jwk' }), kid: `${alg}-1`, alg };
  return createJwtVerifier({
    issuers: [{ issuer: ISSUER, audience: 'orders', keys: { type: 'static', keys: [{ type: 'jwk', jwk }] } }],
  });
}

for (const alg of Object.keys(pairs)) {
  test(`verifies a ${alg} token on this Node`, async () => {
    const verifier = verifierFor(alg);
    const token = await mint(alg, pairs[alg].privateKey);
    const result = verifier.verify(token);
    assert.equal(result.status, 'valid');
    assert.equal(result.claims.sub, 'alice');
    assert.equal(verifier.verify(token), result, 'the second verification is a cache hit');
    assert.equal(verifier.verify(`${token.slice(0, -3)}AAA`).status, 'invalid');
    verifier.close();
  });
}

test('rejects a configuration mistake with ConfigurationError on this Node', () => {
  assert.throws(() => createJwtVerifier({ issuers: [] }), ConfigurationError);
});

test('reports key refresh failures through the api 1.9 diag logger', async () => {
  const messages = [];
  const logger = Object.fromEntries(
    ['error', 'warn', 'info', 'debug', 'verbose'].map((level) => [level, (m) => messages.push(m)]),
  );
  diag.setLogger(logger, DiagLogLevel.ALL);
  try {
    // Port 9 (discard) on loopback refuses connections: a down key endpoint, quickly.
    const verifier = createJwtVerifier({
      issuers: [
        {
          issuer: ISSUER,
          audience: 'orders',
          keys: { type: 'jwks-uri', jwksUri: 'http://127.0.0.1:9/jwks' },
        },
      ],
    });
    await verifier.ready();
    assert.equal(verifier.keyStatus()[0].state, 'failed');
    assert.ok(messages.some((m) => m.includes('fetch_failed')));
    verifier.close();
  } finally {
    diag.disable();
  }
});

test('loads beside a started SDK 2.x NodeSDK', async () => {
  const sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
  const verifier = verifierFor('ES256');
  assert.equal(verifier.verify(await mint('ES256', pairs.ES256.privateKey)).status, 'valid');
  verifier.close();
  await sdk.shutdown();
});

test('runs on the machine’s own Node, not the pinned Node 24 of the main suite', () => {
  assert.ok(!process.execPath.includes('/tools/node_modules/'), `running on ${process.version}`);
});
