// The leak scanner of `otel-jwt/testing` over what a run of the careless application left: the raw bytes
// of its OTLP exports, signal by signal, and the trace-context headers of its outgoing requests.
import {
  createLeakScanner,
  type LeakReport,
  type OtlpPayload,
  type OtlpString,
  readOtlpStrings,
} from 'otel-jwt/testing';
import type { LeakSignal } from './leak-plan.ts';
import type { LeakRun } from './leak-run.ts';
import type { ReceivedExport } from './otlp-receiver.ts';
import type { OtlpEncoding } from './protocol.ts';
import { propagationLines } from './raw-sink.ts';

const PROPAGATION_HEADERS = ['traceparent', 'tracestate', 'baggage'];

export function telemetryOf(received: ReceivedExport, encoding: OtlpEncoding): OtlpPayload {
  if (encoding === 'json') return { otlpJson: received.body };
  const signal = received.path.replace('/v1/', '') as LeakSignal;
  return { otlpProtobuf: received.body, signal };
}

export function exportsOf(run: LeakRun, signal: LeakSignal): readonly ReceivedExport[] {
  return run.exports.filter((received) => received.path === `/v1/${signal}`);
}

/** Every string the run exported for `signal`, with its path. */
export function exportedStrings(run: LeakRun, signal: LeakSignal): OtlpString[] {
  return exportsOf(run, signal).flatMap((received) => [
    ...readOtlpStrings(telemetryOf(received, run.encoding)),
  ]);
}

/** Every report of `credentials` in the run's exports of `signal`. */
export function leaksIn(run: LeakRun, signal: LeakSignal, credentials: readonly string[]): LeakReport[] {
  const scanner = createLeakScanner(credentials);
  return exportsOf(run, signal).flatMap((received) => [...scanner.scan(telemetryOf(received, run.encoding))]);
}

/**
 * The trace-context headers the run's outgoing requests carried, as `name: value` lines: node:http and
 * fetch from the raw bytes the HTTP sink kept, gRPC from the metadata its sink received.
 */
export function propagationText(run: LeakRun): string {
  const http = run.httpRequests.flatMap(propagationLines);
  const grpc = run.grpcRequests.flatMap((request) =>
    PROPAGATION_HEADERS.flatMap((name) => (request.headers[name] ?? []).map((value) => `${name}: ${value}`)),
  );
  return [...http, ...grpc].join('\n');
}

/** Every report of `credentials` in the trace-context headers of the run's outgoing requests. */
export function propagationLeaks(run: LeakRun, credentials: readonly string[]): readonly LeakReport[] {
  return createLeakScanner(credentials).scan({ text: propagationText(run) });
}
