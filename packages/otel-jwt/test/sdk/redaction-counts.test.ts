import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, test } from 'vitest';
import { JwtLogRecordProcessor, type JwtTelemetry, RedactingSpanExporter } from '../../src/index.js';
import { OutcomeCounts } from '../../src/internal/outcome-counts.js';
import { countRedactions, countRedactionsOf, redactionCounts } from '../../src/sdk/redaction-counts.js';
import { meterProvider, tableOf } from '../support/metric-reading.js';
import { mint, telemetry } from '../support/telemetry-fixtures.js';

// Each redaction point of a telemetry counts the values it replaced, once, where it replaced them.

const shutdowns: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(shutdowns.splice(0).map((shutdown) => shutdown()));
});

function counted(): { jwt: JwtTelemetry; redactions: () => Promise<Record<string, number>> } {
  const metrics = meterProvider();
  const jwt = telemetry({ admission: 'off', metrics: { meterProvider: metrics.provider } });
  shutdowns.push(
    () => jwt.shutdown(),
    () => metrics.provider.shutdown(),
  );
  return { jwt, redactions: async () => tableOf(await metrics.read(), 'jwt.redactions') };
}

function tracer(processors: ConstructorParameters<typeof TracerProvider>[0]) {
  const provider = new TracerProvider(processors);
  shutdowns.push(() => provider.shutdown());
  return provider.getTracer('app');
}

describe('spans', () => {
  test('the span processor counts values replaced as they were set and at span end', async () => {
    const { jwt, redactions } = counted();
    const token = mint();
    const span = tracer({ spanProcessors: [jwt.spanProcessor] }).startSpan(`GET ${token}`, {
      attributes: { 'app.first': token },
    });
    span.setAttribute('app.second', `retry ${token}`);
    span.setAttribute('app.clean', 'orders');
    span.end();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=spans': 3 });
  });

  test('the span exporter wrapper counts what it replaces where no processor redacted before', async () => {
    const { jwt, redactions } = counted();
    const exporter = jwt.redactingSpanExporter(new InMemorySpanExporter());
    const span = tracer({
      spanProcessors: [new SimpleSpanProcessor({ exporter: exporter as never })],
    }).startSpan('GET /orders', { attributes: { 'app.token': mint() } });
    span.end();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=spans': 1 });
  });

  test('a span redacted by the processor is not counted again by the wrapper behind it', async () => {
    const { jwt, redactions } = counted();
    const exporter = jwt.redactingSpanExporter(new InMemorySpanExporter());
    tracer({ spanProcessors: [jwt.spanProcessor, new SimpleSpanProcessor({ exporter: exporter as never })] })
      .startSpan('GET /orders', { attributes: { 'app.token': mint() } })
      .end();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=spans': 1 });
  });
});

describe('log records', () => {
  test('the log processor counts at emit, and the wrapper only a value the application changed since', async () => {
    const { jwt, redactions } = counted();
    const batch = new BatchLogRecordProcessor({
      exporter: jwt.redactingLogExporter(new InMemoryLogRecordExporter()),
    });
    const logging = new LoggerProvider({ processors: [jwt.logRecordProcessor as never, batch] });
    shutdowns.push(() => logging.shutdown());
    const body = { note: 'clean' };
    logging.getLogger('app').emit({ body, attributes: { 'app.token': mint(), 'app.step': 'login' } });
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=logs': 1 });
    // The SDK keeps the body by reference: a change after emit is only seen, and counted, at export.
    body.note = `retry with ${mint()}`;
    await batch.forceFlush();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=logs': 2 });
  });
});

describe('metrics', () => {
  test('the metric exporter wrapper counts a replaced attribute value at every export that carries it', async () => {
    const { jwt, redactions } = counted();
    const reader = new PeriodicExportingMetricReader({
      exporter: jwt.redactingMetricExporter(new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)),
      exportIntervalMillis: 3_600_000,
    });
    const app = new MeterProvider({ readers: [reader] });
    shutdowns.push(() => app.shutdown());
    app.getMeter('app').createCounter('orders.placed').add(1, { 'app.token': mint(), 'app.region': 'eu' });
    await reader.forceFlush();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=metrics': 1 });
    await reader.forceFlush();
    expect(await redactions()).toEqual({ 'jwt.redaction.signal=metrics': 2 });
  });
});

describe('components outside a telemetry', () => {
  test('a processor or wrapper the application made itself counts nowhere', async () => {
    const { redactions } = counted();
    const processor = new JwtLogRecordProcessor();
    const logging = new LoggerProvider({ processors: [processor as never] });
    shutdowns.push(() => logging.shutdown());
    logging.getLogger('app').emit({ body: mint() });
    const exporter = new RedactingSpanExporter(new InMemorySpanExporter());
    tracer({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter as never })] })
      .startSpan('GET /orders', { attributes: { 'app.token': mint() } })
      .end();
    expect(await redactions()).toEqual({});
  });

  test('countRedactions adds to the counts a component was given, and nothing for zero', () => {
    const counts = redactionCounts();
    const component = countRedactionsOf({}, counts);
    countRedactions(component, 'logs', 2);
    countRedactions(component, 'spans', 0);
    const seen: string[] = [];
    counts.forEach((signal, count) => {
      seen.push(`${signal} ${count}`);
    });
    expect(seen).toEqual(['logs 2']);
    expect(counts).toBeInstanceOf(OutcomeCounts);
  });
});
