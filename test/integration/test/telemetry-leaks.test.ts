// Invariant 1 end to end: three careless services (careless-service.ts) export real OTLP/HTTP, in JSON
// and in protobuf, to a receiver in this process that keeps the raw bytes; the leak scanner of
// `otel-jwt/testing` finds no byte sequence of the token in them, while the intended auth attributes
// are there.
import { findTokenLeaks, readOtlpStrings } from 'otel-jwt/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CarelessChain, startCarelessChain } from '../src/careless-chain.ts';
import type { CarelessReply } from '../src/careless-handler.ts';
import type { ReceivedExport } from '../src/otlp-receiver.ts';
import type { OtlpEncoding } from '../src/protocol.ts';

const telemetryOf = (received: ReceivedExport, encoding: OtlpEncoding) =>
  encoding === 'json'
    ? { otlpJson: received.body }
    : {
        otlpProtobuf: received.body,
        signal: received.path.endsWith('/v1/logs') ? ('logs' as const) : ('traces' as const),
      };

/** String values (array items included) of every attribute named `key`, on spans, events, links and logs. */
function valuesOf(exports: readonly ReceivedExport[], encoding: OtlpEncoding, key: string): string[] {
  const at = `attributes["${key}"]`;
  return exports.flatMap((received) =>
    readOtlpStrings(telemetryOf(received, encoding))
      .filter((entry) => entry.path.includes(at) && !entry.path.endsWith('.key'))
      .map((entry) => entry.value),
  );
}

for (const encoding of ['json', 'protobuf'] as const) {
  describe(`careless services exporting OTLP/HTTP ${encoding}`, () => {
    let chain: CarelessChain | undefined;
    let token = '';
    let reply: CarelessReply | undefined;
    const exports = (path: string) =>
      chain?.receiver.received.filter((received) => received.path === path) ?? [];

    beforeAll(async () => {
      chain = await startCarelessChain(encoding);
      token = await chain.tokens.mint({ sub: 'alice', roles: ['admin'], tenant: 'acme' });
      reply = await chain.request(`/orders?access_token=${token}&id_token=${token}&code=${token}`, {
        authorization: `Bearer ${token}`,
        cookie: `session=${token}; theme=dark`,
      });
      // Stopping the services shuts their SDKs down, which flushes both batch processors.
      await chain.stop();
    }, 60_000);
    afterAll(() => chain?.stop(), 30_000);

    it(`the chain verified the token at every hop (${encoding})`, () => {
      expect(reply).toMatchObject({
        service: 'A',
        result: 'valid',
        downstream: {
          service: 'B',
          result: 'valid',
          subjectVerdict: 'consistent',
          downstream: { service: 'C', result: 'valid', subjectVerdict: 'consistent' },
        },
      });
    });

    it(`the receiver got traces and logs of all three services as ${encoding}`, () => {
      const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
      for (const path of ['/v1/traces', '/v1/logs']) {
        expect(exports(path).length, path).toBeGreaterThan(0);
        for (const received of exports(path)) expect(received.contentType).toBe(contentType);
      }
      const services = valuesOf(exports('/v1/traces'), encoding, 'service.name');
      expect(new Set(services)).toEqual(
        new Set(['otel-jwt-careless-A', 'otel-jwt-careless-B', 'otel-jwt-careless-C']),
      );
    });

    it(`no byte sequence of the token is in any ${encoding} export (token, segments, 16+ character pieces, encoded forms)`, () => {
      const all = chain?.receiver.received ?? [];
      expect(all.length).toBeGreaterThan(0);
      const reports = all.flatMap((received) => findTokenLeaks(telemetryOf(received, encoding), [token]));
      expect(reports).toEqual([]);
    });

    it(`the intended auth attributes are exported (${encoding})`, () => {
      const traces = exports('/v1/traces');
      expect(
        valuesOf(traces, encoding, 'jwt.result').filter((value) => value === 'valid').length,
      ).toBeGreaterThanOrEqual(3);
      expect(valuesOf(traces, encoding, 'jwt.subject.verdict')).toEqual(
        expect.arrayContaining(['consistent']),
      );
      const hashes = valuesOf(traces, encoding, 'user.hash');
      expect(hashes.length).toBeGreaterThanOrEqual(3);
      expect(new Set(hashes).size).toBe(1);
      expect(valuesOf(traces, encoding, 'jwt.issuer')).toEqual(
        expect.arrayContaining(['https://idp.integration.test']),
      );
    });

    it(`the careless values arrive redacted, not dropped (${encoding})`, () => {
      const traces = exports('/v1/traces');
      const logs = exports('/v1/logs');
      // On each service's server span and on its event.
      const onSpans = valuesOf(traces, encoding, 'app.token');
      expect(onSpans.length).toBe(6);
      expect(new Set(onSpans)).toEqual(new Set(['REDACTED']));
      expect(valuesOf(traces, encoding, 'exception.message')).toEqual(
        expect.arrayContaining(['token rejected by policy: REDACTED']),
      );
      expect(
        valuesOf(traces, encoding, 'url.query').some((query) => query.includes('access_token=REDACTED')),
      ).toBe(true);
      expect(valuesOf(logs, encoding, 'app.token')).toEqual(['REDACTED', 'REDACTED', 'REDACTED']);
    });

    it(`credential headers are never recorded, even where the app listed them past otel-jwt (${encoding})`, () => {
      const traces = exports('/v1/traces');
      // A and C drop them from headersToSpanAttributes; B spread its own list over the recommended
      // configuration, so the instrumentation recorded them there and the span processor replaced them.
      const authorization = valuesOf(traces, encoding, 'http.request.header.authorization');
      const cookie = valuesOf(traces, encoding, 'http.request.header.cookie');
      expect(authorization.length).toBeGreaterThan(0);
      expect(new Set([...authorization, ...cookie])).toEqual(new Set(['REDACTED']));
    });
  });
}
