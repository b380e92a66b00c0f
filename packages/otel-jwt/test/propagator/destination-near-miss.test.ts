import { afterEach, describe, expect, test } from 'vitest';
import { nearMiss, type OriginPattern } from '../../src/propagator/destination-near-miss.js';
import { destinationOfUrl } from '../../src/propagator/destination-rule.js';
import type { Destination } from '../../src/propagator/telemetry-config.js';
import { captureOperatorOutput, DEFAULT_SETUPS, type OperatorOutput } from '../support/operator-output.js';
import {
  extract,
  injectTo,
  mint,
  parseBaggage,
  TRACEPARENT,
  telemetry,
} from '../support/telemetry-fixtures.js';

const to = (url: string): Destination => {
  const destination = destinationOfUrl(url);
  if (destination === undefined) throw new Error(`test setup: ${url} has no destination`);
  return destination;
};
const pattern = (origin: string): OriginPattern => {
  const anySubdomain = origin.includes('//*.');
  const { protocol, hostname, port } = to(origin.replace('//*.', '//'));
  return { protocol, hostname, port, anySubdomain };
};

describe('near misses', () => {
  test.each([
    ['http://localhost:8080', 'http://127.0.0.1:8080/x', /names this machine too/],
    ['http://127.0.0.1:8080', 'http://localhost:8080/x', /names this machine too/],
    ['http://localhost:8080', 'http://[::1]:8080/x', /names this machine too/],
    [
      'https://orders.internal',
      'https://10.0.0.5/x',
      /names a host, while the request goes to an IP address/,
    ],
    [
      'https://orders.internal',
      'https://[fd00::5]/x',
      /names a host, while the request goes to an IP address/,
    ],
    ['http://orders.internal:8080', 'http://orders.internal:8081/x', /in port only/],
    ['https://orders.internal:8080', 'http://orders.internal:8080/x', /in scheme only/],
    ['https://orders.internal', 'http://orders.internal/x', /in scheme and port only/],
    ['https://*.orders.internal', 'https://eu.orders.internal:8443/x', /in port only/],
  ])('%s is a near miss of %s', (origin, url, how) => {
    expect(nearMiss(pattern(origin), to(url))).toMatch(how);
  });

  test.each([
    ['https://orders.internal', 'https://billing.internal/x'],
    ['https://10.0.0.5', 'https://10.0.0.6/x'],
    ['https://10.0.0.5', 'https://orders.internal/x'],
    ['http://localhost:8080', 'http://127.0.0.1:9090/x'],
    ['https://orders.internal', 'http://10.0.0.5/x'],
    ['https://*.orders.internal', 'https://10.0.0.5/x'],
  ])('%s is no near miss of %s', (origin, url) => {
    expect(nearMiss(pattern(origin), to(url))).toBeUndefined();
  });
});

describe('said to the operator through inject', () => {
  let output: OperatorOutput | undefined;
  afterEach(() => output?.stop());

  /** Injects towards `url` `times` times from a request with alice's token; the baggage sent, each time. */
  function send(jwt: ReturnType<typeof telemetry>, url: string, times = 1): Record<string, string>[] {
    const context = extract(jwt.propagator, {
      traceparent: TRACEPARENT,
      authorization: `Bearer ${mint({ tenant: 'acme' })}`,
    });
    return Array.from({ length: times }, () => parseBaggage(injectTo(jwt.propagator, context, url).baggage));
  }
  const config = { claims: { tenant: 'tenant.id' }, trustedDestinations: ['http://localhost:8080'] };

  test.each(DEFAULT_SETUPS)(
    'under %s, localhost trusted and 127.0.0.1 called is said once, naming both origins',
    async (setup) => {
      const jwt = telemetry(config);
      output = captureOperatorOutput(setup);
      for (const baggage of send(jwt, 'http://127.0.0.1:8080/orders', 50)) expect(baggage).toEqual({});
      const lines = await output.lines();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^(warn|warning) otel-jwt: no auth baggage or subject proof goes to http:\/\/127\.0\.0\.1:8080: it matches no trustedDestinations entry, and http:\/\/localhost:8080 names this machine too/,
      );
      expect(lines[0]).not.toMatch(/alice|acme/);
    },
  );

  test('each near-missing origin is said once; a trusted or unrelated destination never', async () => {
    const jwt = telemetry(config);
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    send(jwt, 'http://127.0.0.1:8080/a', 3);
    send(jwt, 'http://localhost:8081/b', 3);
    expect(send(jwt, 'http://localhost:8080/c', 3)[0]).toHaveProperty('tenant.id', 'acme');
    send(jwt, 'https://partner.example/d', 3);
    const lines = await output.lines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('goes to http://localhost:8081');
  });

  test('at most 32 origins are ever said, however many near-miss', async () => {
    const jwt = telemetry({ ...config, trustedDestinations: ['https://orders.internal'] });
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    for (let port = 1; port <= 100; port++) send(jwt, `https://orders.internal:${port}/x`);
    expect(await output.lines()).toHaveLength(32);
  });

  test('a predicate rule and forwardToken.to are not second-guessed', async () => {
    const jwt = telemetry({
      ...config,
      trustedDestinations: (destination) => destination.hostname === 'localhost',
      forwardToken: { to: ['http://localhost:9999'] },
    });
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    send(jwt, 'http://127.0.0.1:8080/a');
    send(jwt, 'http://localhost:8080/b');
    expect(await output.lines()).toEqual([]);
  });
});
