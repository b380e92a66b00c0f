import { DiagLogLevel, diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createJwtVerifier } from '../../src/index.js';
import { signClaims } from '../support/forge.js';
import { makeTestKeys } from '../support/test-keys.js';

// The suite runs on Node 24 with OpenTelemetry SDK 3.x (api 1.10); test/node20-sdk2 covers Node 20 with SDK 2.x.
const sdk = new NodeSDK({ instrumentations: [] });
beforeAll(() => sdk.start());
afterAll(() => sdk.shutdown());

test('verifies beside a started SDK 3.x NodeSDK', () => {
  const keys = makeTestKeys();
  const verifier = createJwtVerifier({
    issuers: [
      {
        issuer: 'https://idp.test',
        audience: 'orders',
        keys: { type: 'static', keys: [{ type: 'jwk', jwk: keys.ES256.publicJwk }] },
      },
    ],
  });
  const exp = Math.floor(Date.now() / 1000) + 60;
  expect(
    verifier.verify(signClaims(keys.ES256, { iss: 'https://idp.test', aud: 'orders', exp })).status,
  ).toBe('valid');
  verifier.close();
});

test('reports key refresh failures through the api 1.10 diag logger the SDK uses', async () => {
  const messages: string[] = [];
  const record = (message: string) => void messages.push(message);
  diag.setLogger(
    { error: record, warn: record, info: record, debug: record, verbose: record },
    DiagLogLevel.WARN,
  );
  try {
    const verifier = createJwtVerifier({
      issuers: [
        {
          issuer: 'https://idp.test',
          audience: 'orders',
          keys: { type: 'jwks-uri', jwksUri: 'http://127.0.0.1:9/jwks' },
        },
      ],
    });
    await verifier.ready();
    expect(verifier.keyStatus()[0]?.state).toBe('failed');
    expect(messages.some((m) => m.includes('otel-jwt') && m.includes('fetch_failed'))).toBe(true);
    verifier.close();
  } finally {
    diag.disable();
  }
});
