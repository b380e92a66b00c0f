// Verification and subject consistency across real gRPC hops (grpc-js servers and clients on 127.0.0.1,
// instrumentation-grpc, the JWT telemetry's propagator registered globally), with the default sampler and
// with one that records nothing: none of it may depend on the client span being sampled.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Hops, portOf, startHops } from '../support/grpc-hops.js';
import {
  type GrpcTelemetry,
  SAMPLERS,
  type SamplerName,
  startGrpcTelemetry,
  trustedPorts,
  useSampler,
} from '../support/grpc-telemetry.js';
import { forge, mint } from '../support/telemetry-fixtures.js';

let otel: GrpcTelemetry;
let hops: Hops;
let b: string;
let c: string;
/** A server whose interceptor adds a second authorization value, as a careless gateway layer might. */
let doubled: string;

beforeAll(async () => {
  otel = startGrpcTelemetry();
  hops = startHops(otel.grpc);
  b = await hops.serve();
  c = await hops.serve();
  trustedPorts.add(portOf(c));
  const { ServerInterceptingCall } = otel.grpc;
  doubled = await hops.serve({
    interceptors: [
      (_method, call) =>
        new ServerInterceptingCall(call, {
          start: (next) =>
            next({
              onReceiveMetadata: (metadata, forward) => {
                metadata.add('authorization', `Bearer ${mint({ sub: 'mallory' })}`);
                forward(metadata);
              },
            }),
        }),
    ],
  });
});
afterAll(async () => {
  hops.close();
  await otel.stop();
});

describe.each(Object.keys(SAMPLERS) as SamplerName[])('with the %s sampler', (sampler) => {
  beforeAll(() => useSampler(sampler));

  test('a valid token from authorization metadata verifies at the first server', async () => {
    otel.exporter.reset();
    const [atB] = await hops.call({ target: b, authorization: `Bearer ${mint({ tenant: 'acme' })}` });
    expect(atB).toMatchObject({ status: 'valid', verdict: 'no_upstream_proof' });
    // The sampler in use is the one named: the default records the client and server spans, AlwaysOff none.
    expect(otel.exporter.getFinishedSpans().length).toBe(sampler === 'default' ? 2 : 0);
  });

  test('the same subject at the next hop is consistent: the proof crossed the gRPC hop', async () => {
    const token = mint({ tenant: 'acme' });
    const [atB, atC] = await hops.call({ target: b, authorization: `Bearer ${token}` }, [
      { target: c, authorization: `Bearer ${token}` },
    ]);
    expect(atB?.verdict).toBe('no_upstream_proof');
    expect(atC).toMatchObject({ status: 'valid', verdict: 'consistent' });
  });

  test('another subject at the next hop is a change of subject', async () => {
    const [, atC] = await hops.call({ target: b, authorization: `Bearer ${mint()}` }, [
      { target: c, authorization: `Bearer ${mint({ sub: 'mallory' })}` },
    ]);
    expect(atC).toMatchObject({ status: 'valid', verdict: 'changed' });
  });

  test('no token at the next hop after a verified one is a dropped token', async () => {
    const [, atC] = await hops.call({ target: b, authorization: `Bearer ${mint()}` }, [{ target: c }]);
    expect(atC).toMatchObject({ status: 'absent', verdict: 'token_dropped' });
  });

  test('a token signed by an unknown key is invalid, with the verifier code', async () => {
    const [atB] = await hops.call({ target: b, authorization: `Bearer ${forge()}` });
    expect(atB).toMatchObject({ status: 'invalid', code: 'invalid_signature' });
  });

  test('a credential that is no bearer token is malformed authorization', async () => {
    const [atB] = await hops.call({ target: b, authorization: 'Bearer not a token' });
    expect(atB).toMatchObject({ status: 'invalid', code: 'malformed_authorization' });
  });

  test('a call without authorization metadata has no token', async () => {
    const [atB] = await hops.call({ target: b });
    expect(atB?.status).toBe('absent');
    expect(atB?.verdict).toBeUndefined();
  });

  test('two authorization values in the metadata a handler gets are multiple tokens, not the first', async () => {
    const [atServer] = await hops.call({ target: doubled, authorization: `Bearer ${mint()}` });
    expect(atServer?.authorization).toHaveLength(2);
    expect(atServer).toMatchObject({ status: 'invalid', code: 'multiple_tokens' });
  });

  test('a grpc-js client refuses to send two authorization values: the call fails with INTERNAL', async () => {
    const metadata = new otel.grpc.Metadata();
    metadata.add('authorization', `Bearer ${mint()}`);
    metadata.add('authorization', `Bearer ${mint({ sub: 'mallory' })}`);
    await expect(hops.call({ target: b }, [], metadata)).rejects.toMatchObject({
      code: otel.grpc.status.INTERNAL,
    });
  });
});
