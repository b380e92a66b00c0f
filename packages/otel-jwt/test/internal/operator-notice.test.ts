import { DiagLogLevel, diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { operatorNotice, WARNING_TYPE } from '../../src/internal/operator-notice.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { captureOperatorOutput, DEFAULT_SETUPS } from '../support/operator-output.js';
import { mint } from '../support/telemetry-fixtures.js';

const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');
const installedLogger = () =>
  (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBALS]?.diag;

afterEach(() => {
  vi.unstubAllEnvs();
  seenTokens.clear();
  diag.disable();
});

describe('what an operator sees by default', () => {
  test('NodeSDK without OTEL_LOG_LEVEL installs no diag logger, so diag messages alone are dropped', async () => {
    vi.stubEnv('OTEL_LOG_LEVEL', undefined);
    diag.disable();
    const sdk = new NodeSDK({ autoDetectResources: false });
    expect(installedLogger()).toBeUndefined();
    await sdk.shutdown();
  });

  test('NodeSDK with OTEL_LOG_LEVEL installs a diag logger at that level', async () => {
    vi.stubEnv('OTEL_LOG_LEVEL', 'warn');
    const sdk = new NodeSDK({ autoDetectResources: false });
    expect(installedLogger()).toBeDefined();
    await sdk.shutdown();
  });

  test.each(DEFAULT_SETUPS)('under %s, a warning and an error are shown once each', async (setup) => {
    const output = captureOperatorOutput(setup);
    try {
      operatorNotice.warn('otel-jwt: first');
      operatorNotice.error('otel-jwt: second');
      const lines = await output.lines();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^(warning|warn) otel-jwt: first$/);
      expect(lines[1]).toMatch(/^(warning|error) otel-jwt: second$/);
    } finally {
      output.stop();
    }
  });

  test('without a diag logger, a notice is a process warning of its own type', async () => {
    const warnings: Error[] = [];
    const keep = (warning: Error) => warnings.push(warning);
    process.on('warning', keep);
    try {
      operatorNotice.warn('otel-jwt: typed');
      await new Promise((resolve) => process.nextTick(resolve));
      expect(warnings.map((w) => [w.name, w.message])).toContainEqual([WARNING_TYPE, 'otel-jwt: typed']);
    } finally {
      process.off('warning', keep);
    }
  });

  test('an installed logger is the operator’s choice: no process warning then, even at level none', async () => {
    const warnings: Error[] = [];
    const keep = (warning: Error) => warnings.push(warning);
    process.on('warning', keep);
    const noop = () => undefined;
    diag.setLogger({ error: noop, warn: noop, info: noop, debug: noop, verbose: noop }, DiagLogLevel.NONE);
    try {
      operatorNotice.error('otel-jwt: muted');
      await new Promise((resolve) => process.nextTick(resolve));
      expect(warnings.filter((w) => w.name === WARNING_TYPE)).toEqual([]);
    } finally {
      process.off('warning', keep);
    }
  });

  test('a process warning holding a token is printed without it', async () => {
    const output = captureOperatorOutput(DEFAULT_SETUPS[0]);
    try {
      const token = mint();
      operatorNotice.warn(`otel-jwt: ${token}`);
      const lines = await output.lines();
      expect(lines).toHaveLength(1);
      expect(tokenMaterialIn(token, lines)).toBeUndefined();
    } finally {
      output.stop();
    }
  });
});
