import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTokenLeaks, type LeakReport, readOtlpStrings } from '../../src/testing.js';
import { field } from '../support/leak-protobuf.js';
import { leakToken, lookAlikeToken, partsOf } from '../support/leak-telemetry.js';
import { resourceWith } from '../support/resource-fixtures.js';

/** A reader that collects when asked, so the test holds the SDK's own export data. */
class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One metric of every kind OpenTelemetry JS exports, with `token`'s material where metrics hold text. */
async function recordMetrics(token: string): Promise<ResourceMetrics> {
  const { piece, signature } = partsOf(token);
  const reader = new ManualReader();
  const provider = new MeterProvider({
    resource: resourceWith({ 'deployment.secret': token }),
    readers: [reader],
    views: [{ instrumentName: 'app.spread', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter(`scope-${piece}`, '1.0.0');
  meter.createCounter('app.requests', { description: `counts ${signature}` }).add(1, { 'app.caller': token });
  meter.createUpDownCounter('app.open').add(2, { [`k-${piece}`]: 'v' });
  meter
    .createHistogram('app.latency', { unit: 'ms' })
    .record(12, { 'app.url': `/cb?t=${token.replaceAll('.', '%2e')}` });
  meter.createHistogram('app.spread').record(3, { 'app.blob': Buffer.from(token).toString('base64') });
  meter.createGauge('app.level').record(5, { 'app.hex': Buffer.from(token).toString('hex') });
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

const protobuf = (metrics: ResourceMetrics) =>
  ProtobufMetricsSerializer.serializeRequest(metrics) as Uint8Array;
const json = (metrics: ResourceMetrics) => JsonMetricsSerializer.serializeRequest(metrics) as Uint8Array;
const leakPaths = (reports: readonly LeakReport[]): string[] =>
  reports.flatMap((report) => (report.kind === 'leak' ? [report.path] : []));

const METRIC = 'resourceMetrics[0].scopeMetrics[0].metrics';

/** The path of each metric by its name: the SDK orders metrics by its own rules, not by creation. */
function metricPaths(bytes: Uint8Array): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const { path, value } of readOtlpStrings({ otlpProtobuf: bytes, signal: 'metrics' })) {
    if (/^resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[\d+\]\.name$/.test(path)) {
      paths[value] = path.slice(0, -'.name'.length);
    }
  }
  return paths;
}

describe('METRICS_SCHEMA of the OTLP protobuf metrics messages', () => {
  const token = leakToken();
  let metrics: ResourceMetrics;
  let at: Record<string, string> = {};

  beforeAll(async () => {
    metrics = await recordMetrics(token);
    at = metricPaths(protobuf(metrics));
  });

  it('knows every field the real metrics serializer writes (no field is shown by number)', () => {
    expect(Object.keys(at).sort()).toEqual([
      'app.latency',
      'app.level',
      'app.open',
      'app.requests',
      'app.spread',
    ]);
    const paths = readOtlpStrings({ otlpProtobuf: protobuf(metrics), signal: 'metrics' }).map(
      (entry) => entry.path,
    );
    expect(paths.filter((path) => path.includes('#'))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'resourceMetrics[0].resource.attributes["deployment.secret"]',
        'resourceMetrics[0].scopeMetrics[0].scope.name',
        'resourceMetrics[0].scopeMetrics[0].scope.version',
        `${at['app.requests']}.description`,
        `${at['app.requests']}.sum.dataPoints[0].attributes["app.caller"]`,
        `${at['app.latency']}.unit`,
        `${at['app.latency']}.histogram.dataPoints[0].attributes["app.url"]`,
        `${at['app.latency']}.histogram.dataPoints[0].bucketCounts`,
        `${at['app.latency']}.histogram.dataPoints[0].explicitBounds`,
        `${at['app.spread']}.exponentialHistogram.dataPoints[0].attributes["app.blob"]`,
        `${at['app.spread']}.exponentialHistogram.dataPoints[0].positive.bucketCounts`,
        `${at['app.level']}.gauge.dataPoints[0].attributes["app.hex"]`,
      ]),
    );
  });

  it('reads the same strings at the same paths from JSON and protobuf metrics', () => {
    const text = (entries: readonly { path: string; value: string }[]) =>
      entries
        .filter((entry) => entry.path.includes('attributes['))
        .map((entry) => `${entry.path}=${entry.value}`);
    const fromProtobuf = text(readOtlpStrings({ otlpProtobuf: protobuf(metrics), signal: 'metrics' }));
    const fromJson = text(readOtlpStrings({ otlpJson: json(metrics) }));
    expect(fromProtobuf.length).toBeGreaterThanOrEqual(6);
    expect(new Set(fromProtobuf)).toEqual(new Set(fromJson));
  });

  it('finds the token in data point attributes, keys, descriptions, scope and resource of protobuf metrics', () => {
    const paths = leakPaths(findTokenLeaks({ otlpProtobuf: protobuf(metrics), signal: 'metrics' }, [token]));
    expect(paths).toEqual(
      expect.arrayContaining([
        'resourceMetrics[0].resource.attributes["deployment.secret"]',
        'resourceMetrics[0].scopeMetrics[0].scope.name',
        `${at['app.requests']}.description`,
        `${at['app.requests']}.sum.dataPoints[0].attributes["app.caller"]`,
        `${at['app.open']}.sum.dataPoints[0].attributes[#0].key`,
        `${at['app.latency']}.histogram.dataPoints[0].attributes["app.url"]`,
        `${at['app.spread']}.exponentialHistogram.dataPoints[0].attributes["app.blob"]`,
        `${at['app.level']}.gauge.dataPoints[0].attributes["app.hex"]`,
      ]),
    );
  });

  it('finds the same places in the JSON of the same metrics', () => {
    const fromProtobuf = leakPaths(
      findTokenLeaks({ otlpProtobuf: protobuf(metrics), signal: 'metrics' }, [token]),
    ).filter((path) => path !== '$');
    const fromJson = leakPaths(findTokenLeaks({ otlpJson: json(metrics) }, [token])).filter(
      (path) => path !== '$',
    );
    expect(new Set(fromProtobuf)).toEqual(new Set(fromJson));
  });

  it('reports nothing in protobuf metrics holding another issuer token only', async () => {
    const clean = await recordMetrics(lookAlikeToken());
    expect(findTokenLeaks({ otlpProtobuf: protobuf(clean), signal: 'metrics' }, [token])).toEqual([]);
  });
});

describe('METRICS_SCHEMA by hand-made payloads of what OpenTelemetry JS does not write', () => {
  const token = leakToken();
  /** ExportMetricsServiceRequest > ResourceMetrics > ScopeMetrics > Metric holding `metricFields`. */
  const metricsRequest = (...metricFields: Uint8Array[]) => field(1, field(2, field(2, ...metricFields)));
  const keyValue = (number: number, key: string, value: string) =>
    field(number, field(1, key), field(2, field(1, value)));

  it('reads summary data point attributes and quantile values', () => {
    const point = Buffer.concat([field(6, Buffer.alloc(0)), keyValue(7, 'app.caller', token)]);
    const reports = findTokenLeaks(
      {
        otlpProtobuf: metricsRequest(field(1, 'app.summary'), field(11, field(1, point))),
        signal: 'metrics',
      },
      [token],
    );
    expect(leakPaths(reports)).toEqual([`${METRIC}[0].summary.dataPoints[0].attributes["app.caller"]`]);
  });

  it('reads exemplar filtered attributes and metric metadata under their keys', () => {
    const exemplar = field(5, keyValue(7, 'app.caller', token));
    const sum = field(7, field(1, exemplar));
    const metadata = keyValue(12, 'app.note', `x ${token}`);
    const reports = findTokenLeaks({ otlpProtobuf: metricsRequest(sum, metadata), signal: 'metrics' }, [
      token,
    ]);
    expect(leakPaths(reports)).toEqual([
      `${METRIC}[0].sum.dataPoints[0].exemplars[0].filteredAttributes["app.caller"]`,
      `${METRIC}[0].metadata["app.note"]`,
    ]);
  });

  it('shows an unknown metric field by its number and still scans it', () => {
    const reports = findTokenLeaks(
      { otlpProtobuf: metricsRequest(field(1, 'app.x'), field(99, token)), signal: 'metrics' },
      [token],
    );
    expect(leakPaths(reports)).toEqual([`${METRIC}[0].#99`]);
  });
});
