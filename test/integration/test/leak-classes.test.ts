// Invariant 1 end to end, class by class: one careless application (src/leak-app.ts) runs twice per
// encoding, set up with otel-jwt as its README recommends, and as a control with the stock SDK and no
// otel-jwt. Both export real OTLP/HTTP (traces, logs, metrics) to receivers here that keep the raw bytes,
// and call untrusted sinks here that keep what they were sent. For each credential of each class the
// leak scanner must find it in the control's exports (the plant works) and nowhere in otel-jwt's.
import {
  createLeakScanner,
  describeLeakReport,
  type LeakReport,
  type OtlpString,
  readOtlpStrings,
} from 'otel-jwt/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { mintLeakCredentials } from '../src/leak-credentials.ts';
import { allCredentials, LEAK_CLASSES, type LeakSignal } from '../src/leak-plan.ts';
import { ENCODED_FORMS, type LeakCredentials, SENDING_WAYS } from '../src/leak-protocol.ts';
import { type LeakRun, runCarelessApp } from '../src/leak-run.ts';
import {
  exportedStrings,
  exportsOf,
  leaksIn,
  propagationLeaks,
  propagationText,
  telemetryOf,
} from '../src/leak-scan.ts';
import { createTokenIssuer } from '../src/tokens.ts';

const SIGNALS: readonly LeakSignal[] = ['traces', 'logs', 'metrics'];
const described = (reports: readonly LeakReport[]) => reports.map(describeLeakReport).join('\n');
const leaks = (reports: readonly LeakReport[]) => reports.filter((report) => report.kind === 'leak');
/** The values exported under paths ending with `suffix`. */
const valuesAt = (strings: readonly OtlpString[], suffix: string) =>
  strings.filter((entry) => entry.path.endsWith(suffix)).map((entry) => entry.value);

for (const encoding of ['json', 'protobuf'] as const) {
  describe(`careless application, every class of leak, OTLP/HTTP ${encoding}`, () => {
    let credentials: LeakCredentials;
    let otelJwt: LeakRun;
    let control: LeakRun;

    beforeAll(async () => {
      const issuer = await createTokenIssuer();
      credentials = await mintLeakCredentials(issuer);
      [otelJwt, control] = await Promise.all([
        runCarelessApp('otel-jwt', encoding, credentials, issuer),
        runCarelessApp('control', encoding, credentials, issuer),
      ]);
    }, 60_000);

    it(`${encoding}: no two credentials of the classes share material the scanner counts`, () => {
      const all = allCredentials(credentials);
      expect(new Set(all).size).toBe(all.length);
      for (const [index, credential] of all.entries()) {
        const others = all.filter((_, other) => other !== index).join('\n');
        expect(createLeakScanner([credential]).scan({ text: others }), `credential #${index}`).toEqual([]);
      }
    });

    it(`${encoding}: both services answered every request and each outgoing call reached its sink`, () => {
      for (const run of [otelJwt, control]) {
        expect(
          run.replies.map((reply) => reply.route),
          run.mode,
        ).toEqual([
          '/handed',
          '/handed',
          '/handed',
          '/sends',
          '/encoded',
          '/context',
          '/late',
          '/metrics',
          '/origin',
        ]);
        expect(
          run.replies.filter((reply) => reply.failedCalls > 0),
          run.mode,
        ).toEqual([]);
        const calls = run.replies.reduce((sum, reply) => sum + reply.calls, 0);
        // gRPC: one call from /sends, one from /context; every other call went to the HTTP sink.
        expect(run.grpcRequests.length, run.mode).toBe(2);
        expect(run.httpRequests.length, run.mode).toBe(calls - 2);
      }
    });

    it(`${encoding}: otel-jwt refused two Authorization headers as multiple_tokens and verified the class-3 JWT`, () => {
      const auth = otelJwt.replies.map((reply) => reply.auth);
      expect(auth[2]).toEqual({ status: 'invalid', code: 'multiple_tokens' });
      expect(auth[4]).toEqual({ status: 'valid' });
      expect(control.replies.map((reply) => reply.auth)).toEqual(control.replies.map(() => null));
    });

    it(`${encoding}: both services exported traces, logs and metrics as ${encoding}, metrics when shutting down`, () => {
      const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
      for (const run of [otelJwt, control]) {
        for (const signal of SIGNALS) {
          const exported = exportsOf(run, signal);
          expect(exported.length, `${run.mode} ${signal}`).toBeGreaterThan(0);
          for (const received of exported) expect(received.contentType).toBe(contentType);
        }
        // The metric reader exports only at shutdown: its one export holds the application's metrics.
        const names = exportsOf(run, 'metrics').flatMap((received) =>
          readOtlpStrings(telemetryOf(received, encoding))
            .filter((entry) => /metrics\[\d+\]\.name$/.test(entry.path))
            .map((entry) => entry.value),
        );
        expect(names, run.mode).toEqual(expect.arrayContaining(['app.token_checks', 'app.token_check_ms']));
      }
    });

    it(`${encoding}: otel-jwt exports the careless values redacted, not dropped, and the rest of the trace context as it came`, () => {
      const spans = exportedStrings(otelJwt, 'traces');
      const attribute = (key: string) => valuesAt(spans, `attributes["${key}"]`);
      expect(valuesAt(spans, '.attributes["app.seen.0"]')).toHaveLength(3);
      expect(valuesAt(spans, '.attributes["app.seen.1"]')).toHaveLength(2);
      for (const way of SENDING_WAYS) expect(attribute(`app.upstream.${way}`), way).toEqual(['REDACTED']);
      for (const form of ENCODED_FORMS) {
        for (const whose of ['own', 'inbound']) {
          expect(attribute(`app.${whose}.${form}`).join(), `${whose} ${form}`).toContain('REDACTED');
        }
      }
      expect(attribute('app.buffer')).toEqual(['REDACTED']);
      expect(attribute('app.inbound_tracestate')).toEqual(['other=plain']);
      expect(attribute('app.inbound_baggage')).toEqual(['app.locale=en']);
      expect(attribute('jwt.baggage.removal_reason')).toEqual(['token_material']);
      const logs = exportedStrings(otelJwt, 'logs');
      expect(valuesAt(logs, '.body').filter((body) => body.startsWith('called upstream'))).toEqual(
        SENDING_WAYS.map((way) => `called upstream (${way}) as REDACTED`),
      );
      expect(valuesAt(logs, '.body["detail"]')).toEqual(['REDACTED']);
      const metrics = exportedStrings(otelJwt, 'metrics');
      expect(valuesAt(metrics, '.attributes["app.client"]')).toEqual(['REDACTED', 'REDACTED']);
      for (const strings of [spans, logs, metrics]) {
        expect(valuesAt(strings, '.resource.attributes["deployment.note"]').length).toBeGreaterThan(0);
        expect(new Set(valuesAt(strings, '.resource.attributes["deployment.note"]'))).toEqual(
          new Set(['REDACTED']),
        );
        expect(new Set(valuesAt(strings, '.resource.attributes["app.api_token"]'))).toEqual(
          new Set(['REDACTED']),
        );
        expect(valuesAt(strings, '.scope.name')).toContain('orders REDACTED');
      }
    });

    for (const leakClass of LEAK_CLASSES) {
      for (const plant of leakClass.plants) {
        for (const [signal, places] of Object.entries(plant.places) as [LeakSignal, RegExp[]][]) {
          const name = `${encoding}: class ${leakClass.number} (${leakClass.title}), ${signal}, ${plant.label}`;

          it(`${name}: the control's stock SDK exports it where it was planted`, () => {
            const paths = leaks(leaksIn(control, signal, [plant.credential(credentials)])).map(
              (report) => report.path,
            );
            for (const place of places)
              expect(
                paths.filter((path) => place.test(path)),
                String(place),
              ).not.toEqual([]);
          });

          it(`${name}: otel-jwt exports none of it`, () => {
            const reports = leaksIn(otelJwt, signal, [plant.credential(credentials)]);
            expect(reports, described(reports)).toEqual([]);
          });
        }
      }
    }

    it(`${encoding}: untrusted destinations, control: the stock propagators sent class 4's JWTs in tracestate and baggage`, () => {
      const text = propagationText(control);
      const { traceStateJwt, baggageJwt } = credentials.context;
      const tracestate = text.split('\n').filter((line) => line.startsWith('tracestate'));
      const baggage = text.split('\n').filter((line) => line.startsWith('baggage'));
      // node:http, fetch and gRPC each forwarded both.
      expect(tracestate.filter((line) => line.includes(traceStateJwt)).length).toBe(3);
      expect(baggage.filter((line) => line.includes(baggageJwt)).length).toBe(3);
      expect(leaks(propagationLeaks(control, [traceStateJwt, baggageJwt])).length).toBeGreaterThan(0);
    });

    // The Authorization header (and x-echo, and the URL) of those requests are what the application
    // chose to send its destination, not telemetry: only the trace-context headers are scanned.
    it(`${encoding}: untrusted destinations, otel-jwt: no credential of any class in traceparent, tracestate or baggage of any outgoing request (the app's own Authorization left out)`, () => {
      const text = propagationText(otelJwt);
      expect(text).toMatch(/^traceparent: /m);
      expect(text).toMatch(/^tracestate: other=plain$/m);
      expect(text).toMatch(/^baggage: app\.locale=en$/m);
      const reports = propagationLeaks(otelJwt, allCredentials(credentials));
      expect(reports, described(reports)).toEqual([]);
    });
  });
}
