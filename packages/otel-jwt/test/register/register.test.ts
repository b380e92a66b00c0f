// `node --import otel-jwt/register` for real: child processes running test/support/register-app.ts,
// a loopback JWKS server and a loopback OTLP/HTTP receiver. Needs `pnpm run build` first (dist).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTokenLeaks } from '../../src/testing.js';
import { type DenyListServer, startDenyListServer } from '../support/deny-list-server.js';
import { type JwksServer, startJwksServer } from '../support/jwks-server.js';
import { killRegisterChildren, type RegisterChild, startRegisterChild } from '../support/register-child.js';
import {
  type ReceivedExport,
  type RegisterReceiver,
  startRegisterReceiver,
  stringsOf,
  valueAt,
} from '../support/register-receiver.js';
import { AUDIENCE, HMAC_KEY, ISSUER, KEY, mint } from '../support/telemetry-fixtures.js';

let jwks: JwksServer;
let receiver: RegisterReceiver;
let denyList: DenyListServer;

beforeAll(async () => {
  // Fail loudly rather than skip: the children load the built entry.
  if (!existsSync(new URL('../../dist/register.js', import.meta.url))) {
    throw new Error('dist/register.js is missing: run `pnpm --filter otel-jwt run build` first');
  }
  jwks = await startJwksServer([KEY.publicJwk]);
  receiver = await startRegisterReceiver();
  denyList = await startDenyListServer();
});

afterAll(async () => {
  killRegisterChildren();
  await Promise.all([jwks?.stop(), receiver?.close(), denyList?.stop()]);
});

/** Variables every run shares: the receiver as endpoint, no metrics (not under test). */
function baseEnv(): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_JWT_AUDIENCE: AUDIENCE,
    OTEL_JWT_CLAIMS: 'tenant=tenant.id',
  };
}

async function requestWith(port: number, token: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/orders`, {
    headers: { authorization: `Bearer ${token}`, connection: 'close' },
    signal: AbortSignal.timeout(5_000),
  });
  await response.text();
  return response.status;
}

/** The exports a child sent since `before` (an index into `receiver.received`), to `path`. */
function exportsSince(before: number, path: string): ReceivedExport[] {
  return receiver.received.slice(before).filter((entry) => entry.path === path);
}

/** The strings of the server span: the span whose attributes hold `jwt.result`. */
function serverSpanStrings(exports: readonly ReceivedExport[]) {
  const strings = exports.flatMap((entry) => stringsOf(entry));
  const resultPath = strings.find((entry) => entry.path.endsWith('.attributes["jwt.result"]'))?.path ?? '';
  const span = resultPath.slice(0, resultPath.indexOf('.attributes['));
  return {
    all: strings,
    span: span === '' ? [] : strings.filter((entry) => entry.path.startsWith(`${span}.`)),
  };
}

/** Result, error code and tenant of each server span (the spans with `jwt.result`), export by export. */
function serverSpans(exports: readonly ReceivedExport[]) {
  const suffix = '.attributes["jwt.result"]';
  return exports.flatMap((entry) => {
    const strings = stringsOf(entry);
    return strings
      .filter(({ path }) => path.endsWith(suffix))
      .map(({ path }) => {
        // The span's own prefix, with its final dot: spans[1]. is not spans[10].
        const span = strings.filter((item) => item.path.startsWith(path.slice(0, 1 - suffix.length)));
        return {
          result: valueAt(span, suffix),
          code: valueAt(span, '.attributes["jwt.error_code"]'),
          tenant: valueAt(span, '.attributes["tenant.id"]'),
        };
      });
  });
}

describe('node --import otel-jwt/register', () => {
  it('exports the verified identity on the server span over OTLP/HTTP JSON, redacts the logged token, puts the admission step in front of the server, and exits 0 after flushing on SIGTERM when the application stops itself', async () => {
    const before = receiver.received.length;
    const token = mint({ tenant: 'acme' });
    const child = startRegisterChild({
      ...baseEnv(),
      OTEL_SERVICE_NAME: 'register-json',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_JWT_ISSUER: ISSUER,
      OTEL_JWT_JWKS_URI: jwks.jwksUri,
      OTEL_JWT_HMAC_KEY: HMAC_KEY,
      REGISTER_APP_STOP_ON_SIGTERM: '1',
    });
    const port = await child.listening();
    expect(child.stdout()).toContain(`listening ${port} (emit wrapped)`);
    expect(await requestWith(port, token)).toBe(200);
    // The batch processors wait 5 s by default: anything received now was flushed by the signal.
    child.process.kill('SIGTERM');
    expect(await child.exited()).toEqual({ code: 0, signal: null });

    const traces = exportsSince(before, '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((entry) => entry.contentType.includes('json'))).toBe(true);
    const { all, span } = serverSpanStrings(traces);
    expect(valueAt(span, '.attributes["jwt.result"]')).toBe('valid');
    expect(valueAt(span, '.attributes["user.hash"]')).toMatch(/^[0-9a-f]{32}$/);
    expect(valueAt(span, '.attributes["tenant.id"]')).toBe('acme');
    expect(valueAt(all, '.attributes["service.name"]')).toBe('register-json');

    const logs = exportsSince(before, '/v1/logs');
    const bodies = logs.flatMap((entry) => stringsOf(entry)).filter((entry) => entry.path.endsWith('.body'));
    expect(bodies.map((entry) => entry.value)).toEqual(['request with Bearer REDACTED']);
    for (const entry of [...traces, ...logs])
      expect(findTokenLeaks({ otlpJson: entry.body }, [token])).toEqual([]);
  });

  it('exports OTLP/HTTP protobuf by default, finds the keys by discovery, leaves the server alone with OTEL_JWT_ADMISSION=off, and ends by the signal after flushing when the application does not handle SIGTERM', async () => {
    const before = receiver.received.length;
    const token = mint({ iss: jwks.url, tenant: 'globex' });
    const child = startRegisterChild({
      ...baseEnv(),
      OTEL_JWT_ISSUER: jwks.url,
      OTEL_JWT_HMAC_KEY: HMAC_KEY,
      OTEL_JWT_ADMISSION: 'off',
    });
    const port = await child.listening();
    expect(child.stdout()).not.toContain('emit wrapped');
    expect(await requestWith(port, token)).toBe(200);
    child.process.kill('SIGTERM');
    expect(await child.exited()).toEqual({ code: null, signal: 'SIGTERM' });

    const traces = exportsSince(before, '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((entry) => entry.contentType === 'application/x-protobuf')).toBe(true);
    const { span } = serverSpanStrings(traces);
    expect(valueAt(span, '.attributes["jwt.result"]')).toBe('valid');
    expect(valueAt(span, '.attributes["tenant.id"]')).toBe('globex');
    expect(jwks.count('/.well-known/openid-configuration')).toBeGreaterThan(0);
  });

  it('refuses a token whose jti is on the deny-list document of OTEL_JWT_DENY_LIST_URL, fetched before the application starts, and still accepts the others', async () => {
    const before = receiver.received.length;
    const now = Math.floor(Date.now() / 1000);
    denyList.revoked = [{ jti: 'stolen-1', exp: now + 3600 }];
    const child = startRegisterChild({
      ...baseEnv(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_JWT_ISSUER: ISSUER,
      OTEL_JWT_JWKS_URI: jwks.jwksUri,
      OTEL_JWT_HMAC_KEY: HMAC_KEY,
      OTEL_JWT_DENY_LIST_URL: denyList.documentUrl,
      REGISTER_APP_STOP_ON_SIGTERM: '1',
    });
    const port = await child.listening();
    expect(denyList.fetches).toBeGreaterThan(0);
    const revoked = mint({ jti: 'stolen-1', tenant: 'acme' });
    expect(await requestWith(port, revoked)).toBe(200);
    expect(await requestWith(port, mint({ jti: 'fresh-1', tenant: 'globex' }))).toBe(200);
    child.process.kill('SIGTERM');
    expect(await child.exited()).toEqual({ code: 0, signal: null });

    const spans = serverSpans(exportsSince(before, '/v1/traces'));
    expect(spans).toHaveLength(2);
    expect(spans).toContainEqual({ result: 'invalid', code: 'revoked', tenant: undefined });
    expect(spans).toContainEqual({ result: 'valid', code: undefined, tenant: 'globex' });
    for (const entry of receiver.received.slice(before))
      expect(findTokenLeaks({ otlpJson: entry.body }, [revoked])).toEqual([]);
  });

  it('stops start-up before the application runs when a variable is invalid, naming the variable and not the secret', async () => {
    const secret = 'too-short-secret-value';
    const child: RegisterChild = startRegisterChild({
      ...baseEnv(),
      OTEL_JWT_ISSUER: ISSUER,
      OTEL_JWT_JWKS_URI: jwks.jwksUri,
      OTEL_JWT_HMAC_KEY: secret,
    });
    const exit = await child.exited();
    expect(exit.code).not.toBe(0);
    expect(child.stdout()).not.toContain('listening');
    expect(child.stderr()).toContain('ConfigurationError: OTEL_JWT_HMAC_KEY: hmacKey must be');
    expect(child.stderr()).not.toContain(secret);
  });

  it('starts the application without telemetry when OTEL_SDK_DISABLED is true, whatever the OTEL_JWT_ variables say', async () => {
    const before = receiver.received.length;
    const child = startRegisterChild({ ...baseEnv(), OTEL_SDK_DISABLED: 'true', OTEL_JWT_BOGUS: 'x' });
    const port = await child.listening();
    expect(await requestWith(port, mint())).toBe(200);
    child.process.kill('SIGTERM');
    expect(await child.exited()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(receiver.received.slice(before)).toEqual([]);
  });
});
