// What a gRPC call carries, decided by the channel's target: auth baggage and proofs only to trusted
// targets, the token only where forwarding allows and the application set none, on real grpc-js hops
// with instrumentation-grpc, whether or not the client span is sampled.
import { context, propagation } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../../src/attribute-keys.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { type Hop, type Hops, portOf, startHops } from '../support/grpc-hops.js';
import {
  forwardPorts,
  type GrpcTelemetry,
  SAMPLERS,
  type SamplerName,
  startGrpcTelemetry,
  trustedPorts,
  useSampler,
} from '../support/grpc-telemetry.js';
import { mint } from '../support/telemetry-fixtures.js';

let otel: GrpcTelemetry;
let hops: Hops;
let b: string;
/** Trusted with auth baggage. */
let trusted: string;
/** Trusted, and forwarded the token. */
let forwarded: string;
/** Neither. */
let untrusted: string;

beforeAll(async () => {
  otel = startGrpcTelemetry();
  hops = startHops(otel.grpc);
  [b, trusted, forwarded, untrusted] = await Promise.all([
    hops.serve(),
    hops.serve(),
    hops.serve(),
    hops.serve(),
  ]);
  trustedPorts.add(portOf(trusted)).add(portOf(forwarded));
  forwardPorts.add(portOf(forwarded));
});
afterAll(async () => {
  hops.close();
  await otel.stop();
});
afterEach(() => seenTokens.clear());

const APP_BAGGAGE = propagation.createBaggage({ 'app.note': { value: 'blue' } });

/** The first service's call to B with a verified token and baggage of its own, then `next` from B. */
function fromB(token: string, next: Hop) {
  const withBaggage = propagation.setBaggage(context.active(), APP_BAGGAGE);
  return context.with(withBaggage, () => hops.call({ target: b, authorization: `Bearer ${token}` }, [next]));
}

describe.each(Object.keys(SAMPLERS) as SamplerName[])('with the %s sampler', (sampler) => {
  beforeAll(() => useSampler(sampler));

  test('a trusted target gets the auth entries, both proofs and the other baggage', async () => {
    const [, atTarget] = await fromB(mint({ tenant: 'acme' }), { target: trusted });
    expect(atTarget?.baggageKeys.sort()).toEqual(
      [BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF, 'app.note', 'tenant.id'].sort(),
    );
  });

  test('an untrusted target gets the other baggage only: no auth entry, no proof', async () => {
    const [, atTarget] = await fromB(mint({ tenant: 'acme' }), { target: untrusted });
    expect(atTarget?.baggageKeys).toEqual(['app.note']);
    expect(atTarget?.verdict).toBeUndefined();
  });

  test('an untrusted target of a request whose baggage is all auth entries gets no baggage metadata', async () => {
    const [, atTarget] = await hops.call({ target: b, authorization: `Bearer ${mint({ tenant: 'acme' })}` }, [
      { target: untrusted },
    ]);
    expect(atTarget?.baggage).toEqual([]);
  });

  test('forwarding adds exactly one authorization value, and the target reads the same subject', async () => {
    const token = mint({ tenant: 'acme' });
    const [, atTarget] = await fromB(token, { target: forwarded });
    expect(atTarget?.authorization).toEqual([`Bearer ${token}`]);
    expect(atTarget).toMatchObject({ status: 'valid', verdict: 'consistent' });
  });

  test('forwarding leaves an authorization value the application set alone and adds none', async () => {
    const own = mint({ sub: 'svc-b', tenant: 'acme' });
    const [, atTarget] = await fromB(mint({ tenant: 'acme' }), {
      target: forwarded,
      authorization: `Bearer ${own}`,
    });
    expect(atTarget?.authorization).toEqual([`Bearer ${own}`]);
  });

  test('a target that forwarding does not name gets no token, trusted or not', async () => {
    for (const target of [trusted, untrusted]) {
      const [, atTarget] = await fromB(mint({ tenant: 'acme' }), { target });
      expect(atTarget?.authorization).toEqual([]);
    }
  });

  test("the application's own authorization credential is remembered for redaction as sent", async () => {
    const credential = 'opaque-service-credential-7f3a9c2e51';
    await hops.call({ target: b, authorization: `Bearer ${credential}` });
    expect(seenTokens.tokens.sent).toBe(1);
    expect(seenTokens.holdsPiece(credential)).toBe(true);
  });
});
