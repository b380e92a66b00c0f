// An ESM application set up the way the README's "Clients and frameworks" section says: OpenTelemetry's
// loader hook registered in the file given to `node --import`, named imports of node:http in the app,
// fetch to the next hop. Without the hook the app would get no spans and getAuth would find nothing.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer, type TokenIssuer } from '../src/tokens.ts';

const APP = fileURLToPath(new URL('../esm-app/app.mjs', import.meta.url));
const TELEMETRY = fileURLToPath(new URL('../esm-app/telemetry.mjs', import.meta.url));
const START_TIMEOUT_MS = 20_000;

interface Hop {
  readonly auth: { readonly status: string; readonly subjectVerdict?: string } | null;
  readonly downstream: Hop | null;
}

const children: ChildProcess[] = [];

async function startApp(config: object): Promise<string> {
  const child = fork(APP, [], {
    execArgv: ['--import', TELEMETRY],
    env: { ...process.env, OTEL_JWT_TEST_ESM: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the ESM app did not start')), START_TIMEOUT_MS);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`the ESM app exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function call(origin: string, token: string): Promise<Hop> {
  const response = await fetch(origin, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Hop;
}

describe('an ESM app loaded with the OpenTelemetry loader hook and node --import', () => {
  let tokens: TokenIssuer;
  let first: string;
  let hookless: string;
  beforeAll(async () => {
    tokens = await createTokenIssuer();
    const shared = { issuer: tokens.issuer, audience: tokens.audience, jwk: tokens.publicJwk };
    const hmacKey = randomBytes(32).toString('base64url');
    const second = await startApp({ ...shared, hmacKey, trusted: [] });
    first = await startApp({ ...shared, hmacKey, trusted: [second], next: second });
    hookless = await startApp({ ...shared, hmacKey, trusted: [], loaderHook: false });
  }, 60_000);
  afterAll(() => {
    for (const child of children) child.kill();
  });

  it('verifies the token at the first hop and reads consistent at the second, reached with fetch', async () => {
    const hop = await call(first, await tokens.mint({ sub: 'esm-user' }));
    expect(hop.auth).toEqual({ status: 'valid', subjectVerdict: 'no_upstream_proof' });
    expect(hop.downstream?.auth).toEqual({ status: 'valid', subjectVerdict: 'consistent' });
  });

  it('gets no auth at all when the same setup leaves out the loader hook (the control)', async () => {
    const hop = await call(hookless, await tokens.mint({ sub: 'esm-user' }));
    expect(hop.auth).toBeNull();
  });
});
