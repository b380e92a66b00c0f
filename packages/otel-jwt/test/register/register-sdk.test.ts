// What the register entry instruments, for real: child processes started with `node --import
// otel-jwt/register`, configured by variables alone, on loopback. Needs `pnpm run build` first (dist).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JwksServer, startJwksServer } from '../support/jwks-server.js';
import { killRegisterChildren, startRegisterChild } from '../support/register-child.js';
import {
  type RegisterReceiver,
  startRegisterReceiver,
  stringsOf,
  valueAt,
} from '../support/register-receiver.js';
import { AUDIENCE, HMAC_KEY, ISSUER, KEY, mint } from '../support/telemetry-fixtures.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const HOP_APP = fileURLToPath(new URL('./fetch-hop-app.mjs', import.meta.url));
const WITHOUT_UNDICI = fileURLToPath(new URL('./without-undici.mjs', import.meta.url));
const NOT_INSTRUMENTED = 'fetch is not instrumented';

let jwks: JwksServer;
let receiver: RegisterReceiver;
const hops = new Set<ChildProcess>();

beforeAll(async () => {
  // Fail loudly rather than skip: the children load the built entry.
  if (!existsSync(new URL('../../dist/register.js', import.meta.url))) {
    throw new Error('dist/register.js is missing: run `pnpm --filter otel-jwt run build` first');
  }
  jwks = await startJwksServer([KEY.publicJwk]);
  receiver = await startRegisterReceiver();
});

afterAll(async () => {
  for (const hop of hops) hop.kill('SIGKILL');
  killRegisterChildren();
  await Promise.all([jwks?.stop(), receiver?.close()]);
});

/** The variables of every service of a test: one issuer, one HMAC key, spans to the receiver as JSON. */
function serviceEnv(name: string): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_JWT_ISSUER: ISSUER,
    OTEL_JWT_AUDIENCE: AUDIENCE,
    OTEL_JWT_JWKS_URI: jwks.jwksUri,
    OTEL_JWT_HMAC_KEY: HMAC_KEY,
  };
}

/** A hop of fetch-hop-app.mjs under the register entry, its environment `env` alone (with PATH). */
interface Hop {
  readonly port: number;
  readonly origin: string;
  /** Sends SIGTERM (the entry flushes, then ends the process by the signal) and waits for the end. */
  stop(): Promise<void>;
}

function startHop(env: Record<string, string>): Promise<Hop> {
  const child = spawn(process.execPath, ['--import', 'otel-jwt/register', HOP_APP], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hops.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the hop to listen')), 10_000);
    void exited.then(() => reject(new Error(`the hop ended before listening: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({
        port: Number(port),
        origin: `http://127.0.0.1:${port}`,
        stop: () => {
          child.kill('SIGTERM');
          return exited.then(() => void hops.delete(child));
        },
      });
    });
  });
}

/** The value of span attribute `key` in the spans a service exported since `before`. */
function exportedAttribute(before: number, service: string, key: string): string[] {
  return receiver.received
    .slice(before)
    .filter((entry) => entry.path === '/v1/traces')
    .map((entry) => stringsOf(entry))
    .filter((strings) => valueAt(strings, '.attributes["service.name"]') === service)
    .flatMap((strings) => strings.filter((entry) => entry.path.endsWith(`.attributes["${key}"]`)))
    .map((entry) => entry.value);
}

describe('node --import otel-jwt/register instruments fetch', () => {
  it('an ES-module application that imports node:http at the top and calls the next hop with fetch gets the subject verdict consistent there, with the token forwarded once', async () => {
    const before = receiver.received.length;
    const second = await startHop(serviceEnv('fetch-hop-b'));
    const first = await startHop({
      ...serviceEnv('fetch-hop-a'),
      NEXT_HOP: `${second.origin}/orders/7`,
      OTEL_JWT_TRUSTED_DESTINATIONS: second.origin,
      OTEL_JWT_FORWARD_TOKEN_TO: second.origin,
    });
    const response = await fetch(`${first.origin}/orders`, {
      headers: { authorization: `Bearer ${mint({ sub: 'alice' })}`, connection: 'close' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ authorization: 1 });
    await Promise.all([first.stop(), second.stop()]);

    expect(exportedAttribute(before, 'fetch-hop-b', 'jwt.subject.verdict')).toEqual(['consistent']);
    expect(exportedAttribute(before, 'fetch-hop-b', 'jwt.result')).toContain('valid');
    // The client span of the fetch, recorded at the first hop.
    expect(exportedAttribute(before, 'fetch-hop-a', 'url.full')).toEqual([`${second.origin}/orders/7`]);
  });

  it('starts without @opentelemetry/instrumentation-undici and says once, through the diag logger, that fetch is not instrumented', async () => {
    const child = startRegisterChild({
      ...serviceEnv('without-undici'),
      NODE_OPTIONS: `--import ${WITHOUT_UNDICI}`,
      OTEL_LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'none',
    });
    await child.listening();
    child.process.kill('SIGTERM');
    await child.exited();
    expect(child.stderr().split(NOT_INSTRUMENTED)).toHaveLength(2);
  });

  it('says nothing of fetch when instrumentation-undici is installed', async () => {
    const child = startRegisterChild({
      ...serviceEnv('with-undici'),
      OTEL_LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'none',
    });
    await child.listening();
    child.process.kill('SIGTERM');
    await child.exited();
    expect(child.stderr()).not.toContain(NOT_INSTRUMENTED);
  });
});
