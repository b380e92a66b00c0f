import { DiagLogLevel, diag } from '@opentelemetry/api';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { REDACTED, RedactingMetricExporter } from '../../src/index.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { findTokenLeaks } from '../../src/testing.js';
import { resourceWith, type SdkResource } from '../support/resource-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

const providers: MeterProvider[] = [];

afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  seenTokens.clear();
  diag.disable();
});

/** A reader that collects only when asked, so a test can hand the SDK's own collection to the wrapper. */
class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real MeterProvider whose periodic reader exports through our wrapper into `inner` (at flush only). */
function periodic(inner: InMemoryMetricExporter, resource?: SdkResource) {
  const reader = new PeriodicExportingMetricReader({
    exporter: new RedactingMetricExporter(inner),
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({ ...(resource === undefined ? {} : { resource }), readers: [reader] });
  providers.push(provider);
  return { meter: provider.getMeter('orders'), provider, reader };
}

function manual() {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  return { meter: provider.getMeter('orders'), reader };
}

function exportThrough(
  wrapper: RedactingMetricExporter<InMemoryMetricExporter>,
  metrics: ResourceMetrics,
): Promise<number> {
  return new Promise((resolve) => wrapper.export(metrics, (result) => resolve(result.code)));
}

const json = (metrics: ResourceMetrics) => JsonMetricsSerializer.serializeRequest(metrics) as Uint8Array;

function captureWarnings() {
  const warn = vi.fn();
  diag.setLogger(
    { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
    DiagLogLevel.WARN,
  );
  return warn;
}

describe('metrics through the metrics SDK', () => {
  test('no token material is exported from data point attributes, descriptions, the resource or the meter', async () => {
    const token = mint();
    const secret = 'opaque-start-up-secret-value';
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const { provider, reader } = periodic(inner, resourceWith({ 'api.token': secret, 'app.boot': token }));
    const meter = provider.getMeter(`meter ${token}`);
    meter.createCounter('app.requests', { description: `counts ${token}` }).add(1, { 'app.user': token });
    meter.createHistogram('app.latency').record(12, { 'http.request.header.authorization': secret });
    meter.createUpDownCounter('app.sessions').add(1, { 'app.session': `sid=x;token=${token}` });
    await reader.forceFlush();
    const [exported] = inner.getMetrics();
    if (exported === undefined) throw new Error('nothing was exported');
    expect(findTokenLeaks({ otlpJson: json(exported) }, [token, secret])).toEqual([]);
    const requests = exported.scopeMetrics[0]?.metrics.find((m) => m.descriptor.name === 'app.requests');
    expect(requests?.dataPoints[0]?.attributes).toEqual({ 'app.user': REDACTED });
    expect(requests?.dataPoints[0]?.value).toBe(1);
    expect(exported.resource.attributes['service.name']).toBeDefined();
  });

  test('the SDK collection handed over is not changed, and a clean one is passed on as the same object', async () => {
    const token = mint();
    const { meter, reader } = manual();
    meter.createCounter('app.requests').add(1, { 'app.user': token });
    const dirty = (await reader.collect()).resourceMetrics;
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const wrapper = new RedactingMetricExporter(inner);
    expect(await exportThrough(wrapper, dirty)).toBe(0);
    expect(dirty.scopeMetrics[0]?.metrics[0]?.dataPoints[0]?.attributes).toEqual({ 'app.user': token });
    expect(inner.getMetrics()[0]).not.toBe(dirty);

    const clean = manual();
    clean.meter.createCounter('app.requests').add(1, { 'app.user': 'alice' });
    const collected = (await clean.reader.collect()).resourceMetrics;
    await exportThrough(wrapper, collected);
    expect(inner.getMetrics()[1]).toBe(collected);
  });

  test('two data points that differ only in token material are both exported, with the same attributes', async () => {
    const warn = captureWarnings();
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const { meter, reader } = periodic(inner);
    const counter = meter.createCounter('app.logins');
    counter.add(1, { 'app.key': mint({ sub: 'a' }) });
    counter.add(2, { 'app.key': mint({ sub: 'b' }) });
    await reader.forceFlush();
    await reader.forceFlush();
    const points = inner.getMetrics()[0]?.scopeMetrics[0]?.metrics[0]?.dataPoints ?? [];
    expect(points.map((point) => point.attributes)).toEqual([
      { 'app.key': REDACTED },
      { 'app.key': REDACTED },
    ]);
    expect(points.map((point) => point.value)).toEqual([1, 2]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('the resource view is one object from export to export', async () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const { meter, reader } = periodic(inner, resourceWith({ 'api.token': 'opaque-start-up-secret-value' }));
    meter.createCounter('app.requests').add(1);
    await reader.forceFlush();
    await reader.forceFlush();
    const [first, second] = inner.getMetrics();
    expect(first?.resource.attributes['api.token']).toBe(REDACTED);
    expect(second?.resource).toBe(first?.resource);
  });
});

describe('what the wrapper takes from the wrapped exporter', () => {
  test('the aggregation temporality the wrapped exporter selects is the one the reader uses', async () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    const { meter, reader } = periodic(inner);
    const counter = meter.createCounter('app.requests');
    counter.add(3);
    await reader.forceFlush();
    counter.add(5);
    await reader.forceFlush();
    const values = inner.getMetrics().map((m) => m.scopeMetrics[0]?.metrics[0]?.dataPoints[0]?.value);
    expect(values).toEqual([3, 5]);
    expect(inner.getMetrics()[1]?.scopeMetrics[0]?.metrics[0]?.aggregationTemporality).toBe(
      AggregationTemporality.DELTA,
    );
  });

  test('the aggregation selector is the wrapped exporter’s, and absent when it has none', () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    expect('selectAggregation' in new RedactingMetricExporter(inner)).toBe(false);
    const withSelector = Object.assign(inner, {
      selectAggregation: () => ({ type: AggregationType.DROP }) as const,
    });
    expect(new RedactingMetricExporter(withSelector).selectAggregation?.()).toEqual({
      type: AggregationType.DROP,
    });
  });

  test('the wrapped exporter is not reachable as `exporter`, so a reader given the wrapper as its options cannot export around it', () => {
    const wrapper = new RedactingMetricExporter(new InMemoryMetricExporter(AggregationTemporality.DELTA));
    expect((wrapper as unknown as { exporter?: unknown }).exporter).toBeUndefined();
  });

  test('shutdown and forceFlush reach the wrapped metric exporter', async () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const flush = vi.spyOn(inner, 'forceFlush');
    const shutdown = vi.spyOn(inner, 'shutdown');
    const wrapper = new RedactingMetricExporter(inner);
    await wrapper.forceFlush();
    expect(flush).toHaveBeenCalledTimes(1);
    await wrapper.shutdown();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  test('a metric batch that cannot be redacted is not exported and reports a failure', async () => {
    const warn = captureWarnings();
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const hostile = {
      resource: resourceWith({}),
      get scopeMetrics(): never {
        throw new Error('hostile metrics');
      },
    } as unknown as ResourceMetrics;
    expect(await exportThrough(new RedactingMetricExporter(inner), hostile)).toBe(1);
    expect(inner.getMetrics()).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('the metric wrapper rejects an unknown option and a mistake in its redaction options at construction', () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    expect(() => new RedactingMetricExporter(inner, { redact: {} } as never)).toThrow(
      /unknown option "redact"/,
    );
    expect(() => new RedactingMetricExporter(inner, { redaction: { valuePatterns: [/a?/] } })).toThrow(
      /redaction.valuePatterns\[0\] matches the empty string/,
    );
  });
});
