import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { getAuth } from '../../src/index.js';
import { captureOperatorOutput, DEFAULT_SETUPS, type OperatorOutput } from '../support/operator-output.js';
import {
  extract,
  mint,
  parseBaggage,
  TRUSTED_ORIGIN,
  telemetry,
  traceparentOf,
  unkeyedTelemetry,
  upstreamHeaders,
} from '../support/telemetry-fixtures.js';

// What the operator is told when proofs come made with an hmacKey this service does not hold: the id
// the proofs named and the ids this service holds, once per key id per ten minutes, whatever the traffic.

const setup = { claims: { tenant: 'tenant.id' }, trustedDestinations: [TRUSTED_ORIGIN] };
const OTHER_KEY = 'other-deployment-key-0123456789abcdef';
const T0 = Date.UTC(2030, 0, 1);
const idOf = (headers: Record<string, string>) =>
  parseBaggage(headers.baggage)['jwt.subject_proof']?.split('.')[1];
const traceId = (i: number) => (i + 1).toString(16).padStart(32, '0');

let output: OperatorOutput | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  output?.stop();
  vi.useRealTimers();
});

/** `count` requests, each in its own trace, carrying a proof `upstream` made for alice, with alice's token. */
function requests(
  service: ReturnType<typeof telemetry>,
  upstream: ReturnType<typeof telemetry>,
  count: number,
) {
  return Array.from({ length: count }, (_, i) => {
    const sent = upstreamHeaders(upstream.propagator, mint({ tenant: 'acme' }), traceparentOf(traceId(i)));
    return getAuth(extract(service.propagator, { ...sent, authorization: `Bearer ${mint()}` }));
  });
}

describe.each(DEFAULT_SETUPS)('under %s', (defaults) => {
  test('proofs of another key are said once across 100 requests, naming both sides’ key ids', async () => {
    const [service, upstream] = [telemetry(setup), telemetry({ ...setup, hmacKey: OTHER_KEY })];
    output = captureOperatorOutput(defaults);
    const auths = requests(service, upstream, 100);
    expect(new Set(auths.map((auth) => auth?.removalReason))).toEqual(new Set(['unknown_proof_key']));

    const lines = await output.lines();
    expect(lines).toHaveLength(1);
    const theirs = idOf(upstreamHeaders(upstream.propagator, mint()));
    const ours = idOf(upstreamHeaders(service.propagator, mint()));
    expect(lines[0]).toMatch(/^(warn|warning) otel-jwt: refused subject proofs made with hmacKey id /);
    expect(lines[0]).toContain(`hmacKey id ${theirs} (this service holds ${ours})`);
    expect(lines[0]).toContain('unknown_proof_key');
    expect(lines[0]).not.toMatch(/alice|acme/);
  });
});

describe('rate and bounds', () => {
  test('the same key id is said again after ten minutes, not before', async () => {
    const [service, upstream] = [telemetry(setup), telemetry({ ...setup, hmacKey: OTHER_KEY })];
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    requests(service, upstream, 3);
    vi.setSystemTime(T0 + 599_999);
    requests(service, upstream, 3);
    expect(await output.lines()).toHaveLength(1);
    vi.setSystemTime(T0 + 600_000);
    requests(service, upstream, 3);
    expect(await output.lines()).toHaveLength(2);
  });

  test('a flood of proofs naming made-up key ids is said at most 8 times per ten minutes', async () => {
    const service = telemetry(setup);
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    const proof = parseBaggage(upstreamHeaders(service.propagator, mint()).baggage)[
      'jwt.subject_proof'
    ] as string;
    for (let i = 0; i < 500; i++) {
      const madeUp = proof.replace(/^k2\.[^.]+\./, `k2.${i.toString(36).padStart(6, 'x')}.`);
      const context = extract(service.propagator, {
        traceparent: traceparentOf(traceId(0)),
        baggage: `jwt.subject_proof=${madeUp}`,
        authorization: `Bearer ${mint()}`,
      });
      expect(getAuth(context)?.removalReason).toBe('unknown_proof_key');
    }
    expect(await output.lines()).toHaveLength(8);
  });

  test('a flood of made-up key ids does not hide a real mismatch: the next interval opens with the most frequent ids', async () => {
    const [service, upstream] = [telemetry(setup), telemetry({ ...setup, hmacKey: OTHER_KEY })];
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    const proof = parseBaggage(upstreamHeaders(service.propagator, mint()).baggage)[
      'jwt.subject_proof'
    ] as string;
    for (let i = 0; i < 500; i++) {
      const madeUp = proof.replace(/^k2\.[^.]+\./, `k2.${i.toString(36).padStart(6, 'x')}.`);
      extract(service.propagator, {
        traceparent: traceparentOf(traceId(0)),
        baggage: `jwt.subject_proof=${madeUp}`,
        authorization: `Bearer ${mint()}`,
      });
    }
    requests(service, upstream, 50);
    const theirs = idOf(upstreamHeaders(upstream.propagator, mint()));
    expect((await output.lines()).some((line) => line.includes(`hmacKey id ${theirs} `))).toBe(false);
    vi.setSystemTime(T0 + 600_000);
    requests(service, upstream, 1);
    const summaries = (await output.lines()).filter((line) => line.includes('the most frequent were made'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(new RegExp(`most frequent were made with hmacKey id ${theirs} \\(\\d+\\),`));
  });

  test('an interval in which every id was said ends without a summary', async () => {
    const [service, upstream] = [telemetry(setup), telemetry({ ...setup, hmacKey: OTHER_KEY })];
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    requests(service, upstream, 5);
    vi.setSystemTime(T0 + 600_000);
    requests(service, upstream, 1);
    expect((await output.lines()).filter((line) => line.includes('most frequent'))).toEqual([]);
  });

  test('an h1 proof reaching a keyed service is said as made without hmacKey', async () => {
    const [service, upstream] = [telemetry(setup), unkeyedTelemetry(setup)];
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    requests(service, upstream, 2);
    const lines = await output.lines();
    expect(lines.filter((line) => line.includes('refused subject proofs'))).toEqual([
      expect.stringContaining('made without hmacKey (h1)'),
    ]);
  });

  test('a k2 proof reaching an unkeyed service is said as this service having no hmacKey', async () => {
    const [service, upstream] = [unkeyedTelemetry(setup), telemetry(setup)];
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    requests(service, upstream, 2);
    const lines = (await output.lines()).filter((line) => line.includes('refused subject proofs'));
    expect(lines).toEqual([expect.stringContaining('(this service has no hmacKey)')]);
  });

  test('a proof naming a key this service holds, with a bad mac, is invalid_proof and said to nobody', async () => {
    const service = telemetry(setup);
    output = captureOperatorOutput(DEFAULT_SETUPS[1]);
    const sent = upstreamHeaders(service.propagator, mint());
    const proof = parseBaggage(sent.baggage)['jwt.subject_proof'] as string;
    const tampered = `${proof.slice(0, -1)}${proof.endsWith('A') ? 'B' : 'A'}`;
    const context = extract(service.propagator, {
      traceparent: sent.traceparent,
      baggage: `jwt.subject_proof=${tampered}`,
      authorization: `Bearer ${mint()}`,
    });
    expect(getAuth(context)?.removalReason).toBe('invalid_proof');
    expect(await output.lines()).toEqual([]);
  });
});
