import type { Attributes } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader that collects only when asked. */
export class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One data point of a sum or gauge, as collected. */
export interface Point {
  readonly metric: string;
  readonly unit: string;
  readonly kind: string;
  readonly attributes: Attributes;
  readonly value: number;
}

/** A real MeterProvider with a manual reader; `read()` collects and flattens every data point. */
export interface MetricsUnderTest {
  readonly provider: MeterProvider;
  readonly reader: ManualReader;
  read(): Promise<Point[]>;
}

export function meterProvider(): MetricsUnderTest {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { provider, reader, read: () => readPoints(reader) };
}

/** Every data point `reader` collects now (histograms as their count), in collection order. */
export async function readPoints(reader: MetricReader): Promise<Point[]> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new Error(`collection failed: ${errors.map(String).join('; ')}`);
  const points: Point[] = [];
  for (const { metrics } of resourceMetrics.scopeMetrics) {
    for (const metric of metrics) {
      const { name, unit } = metric.descriptor;
      for (const point of metric.dataPoints) {
        const raw = point.value as number | { count: number };
        const value =
          metric.dataPointType === DataPointType.HISTOGRAM ? (raw as { count: number }).count : raw;
        points.push({
          metric: name,
          unit,
          kind: DataPointType[metric.dataPointType],
          attributes: point.attributes,
          value: value as number,
        });
      }
    }
  }
  return points;
}

/** The value of `metric` at exactly `attributes` (0 when there is no such point). */
export function pointValue(points: readonly Point[], metric: string, attributes: Attributes): number {
  const key = JSON.stringify(sorted(attributes));
  const point = points.find((p) => p.metric === metric && JSON.stringify(sorted(p.attributes)) === key);
  return point?.value ?? 0;
}

/** `metric`'s points as `{ 'key=value,key=value': value }`, for whole-table assertions. */
export function tableOf(points: readonly Point[], metric: string): Record<string, number> {
  const table: Record<string, number> = {};
  for (const point of points) {
    if (point.metric !== metric) continue;
    const label = Object.entries(sorted(point.attributes))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(',');
    table[label] = point.value;
  }
  return table;
}

function sorted(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
