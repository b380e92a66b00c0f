// The admission step in front of real node:http servers, with NodeSDK and instrumentation-http: a request
// with a new token reaches the handler with its verdict made off the event loop, whichever of the step and
// the instrumentation was installed first; servers it cannot see are named in one warning.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, connect } from 'node:net';
import { context, DiagLogLevel, diag } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ConfigurationError, getAuth, type JwtTelemetry } from '../../src/index.js';
import * as signature from '../../src/verifier/signature.js';
import { startJwksServer } from '../support/jwks-server.js';
import { meterProvider } from '../support/metric-reading.js';
import { AUDIENCE, forge, ISSUER, mint, telemetry } from '../support/telemetry-fixtures.js';

vi.mock('../../src/verifier/signature.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verifier/signature.js')>();
  return { ...real, checkSignature: vi.fn(real.checkSignature) };
});
const synchronousChecks = vi.mocked(signature.checkSignature);

/** The module object instrumentation-http patches. */
const http = createRequire(import.meta.url)('node:http') as typeof Http;
const warnings: string[] = [];

interface Seen {
  readonly result: string;
  /** Signature checks on the event loop between the request's arrival and its handler. */
  readonly checksOnLoop: number;
}

function serve(): { server: Http.Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = http.createServer((_request, response) => {
    const auth = getAuth(context.active());
    const result =
      auth === undefined ? 'no auth' : auth.result.status === 'absent' ? 'absent' : auth.result.status;
    seen.push({ result, checksOnLoop: synchronousChecks.mock.calls.length });
    response.writeHead(200, { connection: 'close' }).end(result);
  });
  return { server, seen };
}

async function listen(server: Http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(origin: string, token?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const request = http.get(`${origin}/orders`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function close(server: Http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('in front of real servers', () => {
  let jwt: JwtTelemetry;
  let sdk: NodeSDK;
  const early = serve();
  const late = serve();
  const before = serve();
  let earlyOrigin: string;
  let lateOrigin: string;
  let beforeOrigin: string;

  beforeAll(async () => {
    diag.setLogger(
      {
        ...console,
        warn: (message: string) => warnings.push(message),
        verbose: () => {},
        debug: () => {},
        info: () => {},
      },
      DiagLogLevel.WARN,
    );
    // Listening before the telemetry exists: the step cannot see this one.
    beforeOrigin = await listen(before.server);
    jwt = telemetry();
    // Listening after the telemetry, before instrumentation-http patched node:http.
    earlyOrigin = await listen(early.server);
    sdk = new NodeSDK({
      textMapPropagator: jwt.propagator,
      spanProcessors: [jwt.spanProcessor],
      instrumentations: [new HttpInstrumentation(jwt.httpInstrumentationConfig)],
      resourceDetectors: [],
      metricReaders: [],
      logRecordProcessors: [],
    });
    sdk.start();
    // instrumentation-http patches node:http (its Server.prototype, shared by every server) on the next require.
    createRequire(import.meta.url)('node:http');
    lateOrigin = await listen(late.server);
  });

  afterAll(async () => {
    await Promise.all([early, late, before].map(({ server }) => close(server)));
    await sdk?.shutdown();
    diag.disable();
  });

  test.each([
    [
      'a server that started listening before instrumentation-http was installed',
      () => [early, earlyOrigin] as const,
    ],
    ['a server that started listening after it', () => [late, lateOrigin] as const],
  ])('a new token reaches the handler verified off the event loop: %s', async (_name, pick) => {
    const [{ seen }, origin] = pick();
    synchronousChecks.mockClear();
    expect(await get(origin, mint({ jti: `new-${origin}` }))).toBe('valid');
    expect(seen.at(-1)).toEqual({ result: 'valid', checksOnLoop: 0 });
  });

  test('a forged token is refused in the handler, its signature checked off the event loop', async () => {
    synchronousChecks.mockClear();
    expect(await get(lateOrigin, forge({ jti: 'forged' }))).toBe('invalid');
    expect(late.seen.at(-1)).toEqual({ result: 'invalid', checksOnLoop: 0 });
  });

  test('a request without a token and one with a cached token pass through', async () => {
    const token = mint({ jti: 'repeated' });
    expect(await get(lateOrigin, token)).toBe('valid');
    expect(await get(lateOrigin, token)).toBe('valid');
    expect(await get(lateOrigin)).toBe('absent');
  });

  test('a server listening before the telemetry existed is not admitted, and one warning says what to do', async () => {
    const warnedBefore = warnings.length;
    synchronousChecks.mockClear();
    expect(await get(beforeOrigin, mint({ jti: 'unadmitted-1' }))).toBe('valid');
    expect(before.seen.at(-1)?.checksOnLoop).toBe(1);
    expect(await get(beforeOrigin, mint({ jti: 'unadmitted-2' }))).toBe('valid');
    const added = warnings.slice(warnedBefore).filter((message) => message.includes('admission'));
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('admission.attach(server)');
  });

  test('attach puts the step in front of a server that was already listening', async () => {
    const extra = serve();
    const origin = await listen(extra.server);
    try {
      jwt.admission.attach(extra.server);
      jwt.admission.attach(extra.server);
      synchronousChecks.mockClear();
      expect(await get(origin, mint({ jti: 'attached' }))).toBe('valid');
      expect(extra.seen.at(-1)).toEqual({ result: 'valid', checksOnLoop: 0 });
    } finally {
      await close(extra.server);
    }
  });
});

describe('node:http semantics kept', () => {
  test('pipelined requests reach the handler in the order they arrived, a held one first', async () => {
    const jwt = telemetry();
    const order: string[] = [];
    const server = http.createServer((request, response) => {
      order.push(request.url ?? '');
      response.end(request.url);
    });
    const origin = await listen(server);
    try {
      const socket = connect(Number(new URL(origin).port), '127.0.0.1');
      let answers = '';
      socket.on('data', (chunk) => {
        answers += chunk;
      });
      const token = mint({ jti: 'pipelined' });
      socket.write(
        `GET /first HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      await until(() => (answers.match(/HTTP\/1\.1 200/g) ?? []).length === 2);
      socket.destroy();
      expect(order).toEqual(['/first', '/second']);
    } finally {
      await close(server);
      await jwt.shutdown();
    }
  });

  test('a server whose step was shut down goes through the step of the telemetry created next', async () => {
    const first = telemetry();
    const { server } = serve();
    const origin = await listen(server);
    await first.shutdown();
    const second = telemetry();
    try {
      const token = mint({ jti: 'second-step' });
      await get(origin, token);
      // The second telemetry's verifier checked the token on the way in: it is a cache hit now.
      synchronousChecks.mockClear();
      expect(second.verifier.verify(token).status).toBe('valid');
      expect(synchronousChecks).not.toHaveBeenCalled();
    } finally {
      await close(server);
      await second.shutdown();
    }
  });
});

describe('the wait of each held request', () => {
  test('is reported in jwt.admission.duration with its outcome; a cached token or none is not held', async () => {
    const metrics = meterProvider();
    const jwt = telemetry({ metrics: { meterProvider: metrics.provider } });
    const { server } = serve();
    const origin = await listen(server);
    try {
      const token = mint({ jti: 'measured' });
      await get(origin, token);
      await get(origin, token);
      await get(origin);
      await get(origin, forge({ jti: 'measured-forgery' }));
      const held = (await metrics.read()).filter((point) => point.metric === 'jwt.admission.duration');
      expect(held).toEqual([
        expect.objectContaining({ unit: 's', attributes: { 'jwt.admission.outcome': 'ready' }, value: 2 }),
      ]);
    } finally {
      await close(server);
      await jwt.shutdown();
      await metrics.provider.shutdown();
    }
  });
});

describe('configuration', () => {
  test('attach refuses what is not a node:http or node:https server, saying what to pass', () => {
    const jwt = telemetry();
    try {
      const app = () => undefined;
      expect(() => jwt.admission.attach(app as unknown as Http.Server)).toThrow(ConfigurationError);
      expect(() => jwt.admission.attach(app as unknown as Http.Server)).toThrow(/app\.listen\(\)/);
    } finally {
      void jwt.shutdown();
    }
  });

  test("admission 'off' leaves servers untouched", async () => {
    const jwt = telemetry({ admission: 'off' });
    const { server } = serve();
    try {
      expect(jwt.admission.enabled).toBe(false);
      await listen(server);
      jwt.admission.attach(server);
      expect(Object.hasOwn(server, 'emit')).toBe(false);
    } finally {
      await close(server);
      await jwt.shutdown();
    }
  });

  test.each([
    [{ maxKeyWaitMilliseconds: -1 }, /admission\.maxKeyWaitMilliseconds/],
    [{ maxKeyWaitMilliseconds: 30_001 }, /admission\.maxKeyWaitMilliseconds/],
    [{ maxKeyWaitMilliseconds: 1.5 }, /admission\.maxKeyWaitMilliseconds/],
    [{ maxKeyWait: 100 }, /maxKeyWait/],
    ['on', /admission/],
  ])('refuses admission options %j at start-up', (admission, message) => {
    expect(() => telemetry({ admission } as never)).toThrow(ConfigurationError);
    expect(() => telemetry({ admission } as never)).toThrow(message);
  });

  test('a mistake in the admission options fails start-up before any key is fetched', async () => {
    const jwks = await startJwksServer([]);
    try {
      expect(() =>
        telemetry({
          verifier: {
            issuers: [
              { issuer: ISSUER, audience: AUDIENCE, keys: { type: 'jwks-uri', jwksUri: jwks.jwksUri } },
            ],
          },
          admission: { maxKeyWaitMilliseconds: -5 },
        }),
      ).toThrow(ConfigurationError);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(jwks.count()).toBe(0);
    } finally {
      await jwks.stop();
    }
  });

  test('a server that starts listening after the telemetry shut down is left untouched', async () => {
    const jwt = telemetry();
    await jwt.shutdown();
    const { server } = serve();
    try {
      await listen(server);
      expect(Object.hasOwn(server, 'emit')).toBe(false);
    } finally {
      await close(server);
    }
  });
});
