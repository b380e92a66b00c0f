import type { Attributes } from '@opentelemetry/api';
import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { redactLabel } from '../redaction/text-redaction.js';
import { type RedactionTally, redactMembers } from '../redaction/value-redaction.js';
import { type ExportResultCallback, exportRedacted } from './export-redacted.js';
import { type ExportedResource, type ExportedScope, ResourceRedaction } from './exported-resource.js';
import { countRedactions } from './redaction-counts.js';

/** One metric of the metrics SDK's export data (2.x and 3.x), as far as it can hold text. */
export interface RedactableMetricData {
  readonly descriptor: { readonly name: string; readonly description: string };
  readonly dataPoints: readonly { readonly attributes: Attributes }[];
}

/** The `ResourceMetrics` a metric reader hands to its exporter (sdk-metrics 2.x and 3.x), typed structurally. */
export interface RedactableResourceMetrics {
  readonly resource: ExportedResource;
  readonly scopeMetrics: readonly {
    readonly scope: ExportedScope;
    readonly metrics: readonly RedactableMetricData[];
  }[];
}

/** The `PushMetricExporter` interface of the metrics SDK (2.x and 3.x), typed structurally. */
export interface MetricExporterLike {
  export(
    metrics: RedactableResourceMetrics,
    resultCallback: (result: { code: number; error?: Error }) => void,
  ): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
  selectAggregationTemporality?(instrumentType: never): unknown;
  selectAggregation?(instrumentType: never): unknown;
}

/** Options of {@link RedactingMetricExporter}. */
export interface RedactingMetricExporterConfig {
  /** Additions to the built-in redaction rules (they never replace them). Default: none. */
  readonly redaction?: RedactionConfig;
}

/** The type of `E`'s method `K`, or `never` when `E` has no such method. */
type Borrowed<E, K extends PropertyKey> = K extends keyof E ? Exclude<E[K], undefined> : never;

type Metric = RedactableMetricData;
type Point = Metric['dataPoints'][number];

/** Each item mapped, or `items` itself when every item came back unchanged. */
function mapChanged<T>(items: readonly T[], map: (item: T) => T): readonly T[] {
  let copy: T[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as T;
    const out = map(item);
    if (out === item) continue;
    copy ??= [...items];
    copy[index] = out;
  }
  return copy ?? items;
}

/**
 * Wraps a push metric exporter (the one a `PeriodicExportingMetricReader` drives) so that the metrics
 * it receives carry no token material in data point attributes, metric names and descriptions, the
 * resource or the instrumentation scope: OpenTelemetry JS has no metric processor, so an application
 * that puts a token into a metric attribute would otherwise export it at every collection. The data
 * handed over is a redacted copy of what needed it; the SDK's own is not changed. Data points of
 * sdk-metrics up to 3.x carry no exemplars, so there are none to redact.
 *
 * Two data points whose attributes differed only in token material become identical after redaction
 * (`{ 'app.key': REDACTED }` twice). They are exported as two points, not merged: merging depends on
 * the aggregation (sums add, gauges cannot be merged, histograms only with the same buckets) and would
 * hide the mistake. A backend may keep both, only one, or reject the duplicate; the fix is to keep
 * tokens out of metric attributes, and the wrapper says so once through the diagnostics logger.
 * `jwt.redaction_count` is not added to data points, since an attribute there splits a time series.
 *
 * A batch that cannot be redacted is not exported and its callback gets a failure. Never throws from
 * `export`. `selectAggregationTemporality` and `selectAggregation` are those of the wrapped exporter,
 * present only when it has them.
 */
export class RedactingMetricExporter<E extends MetricExporterLike = MetricExporterLike> {
  // Declared, not initialised: a wrapper of an exporter without them must not have them at all.
  declare readonly selectAggregationTemporality?: Borrowed<E, 'selectAggregationTemporality'>;
  declare readonly selectAggregation?: Borrowed<E, 'selectAggregation'>;
  // Truly private: a reader given this wrapper where it expects `{ exporter }` must not find the
  // wrapped exporter under that name and export around the redaction.
  readonly #exporter: E;
  private readonly rules: RedactionRules;
  private readonly origins: ResourceRedaction;
  private warned = false;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(exporter: E, config: RedactingMetricExporterConfig = {}) {
    this.#exporter = exporter;
    knownOptions(config, ['redaction'], 'the redacting metric exporter configuration');
    this.rules = resolveRedaction(config.redaction, 'redaction');
    this.origins = new ResourceRedaction(this.rules);
    // A reader asks the exporter for these only when it has them, so the wrapper has them only then.
    const own = this as { -readonly [K in 'selectAggregationTemporality' | 'selectAggregation']?: unknown };
    if (typeof exporter.selectAggregationTemporality === 'function') {
      own.selectAggregationTemporality = exporter.selectAggregationTemporality.bind(exporter);
    }
    if (typeof exporter.selectAggregation === 'function') {
      own.selectAggregation = exporter.selectAggregation.bind(exporter);
    }
  }

  export(metrics: RedactableResourceMetrics, resultCallback: ExportResultCallback): void {
    exportRedacted(this.#exporter, metrics, (batch) => this.redacted(batch), 'metrics', resultCallback);
  }

  shutdown(): Promise<void> {
    return this.#exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#exporter.forceFlush?.() ?? Promise.resolve();
  }

  private redacted(metrics: RedactableResourceMetrics): RedactableResourceMetrics {
    const resource = this.origins.resource(metrics.resource);
    const scopeMetrics = mapChanged(metrics.scopeMetrics, (scoped) => {
      const scope = this.origins.scope(scoped.scope);
      const list = mapChanged(scoped.metrics, (metric) => this.metric(metric));
      return scope === scoped.scope && list === scoped.metrics ? scoped : { ...scoped, scope, metrics: list };
    });
    if (resource === metrics.resource && scopeMetrics === metrics.scopeMetrics) return metrics;
    return { ...metrics, resource, scopeMetrics };
  }

  private metric(metric: Metric): Metric {
    const rules = this.rules;
    const { descriptor } = metric;
    const name = redactLabel(descriptor.name, rules);
    const description = redactLabel(descriptor.description, rules);
    const tally: RedactionTally = {
      count: Number(name !== descriptor.name) + Number(description !== descriptor.description),
    };
    const dataPoints = mapChanged(metric.dataPoints, (point: Point) => {
      const attributes = redactMembers(point.attributes, rules, tally);
      return attributes === undefined ? point : { ...point, attributes: attributes as Attributes };
    });
    countRedactions(this, 'metrics', tally.count);
    if (dataPoints !== metric.dataPoints) this.warnOnce();
    if (
      name === descriptor.name &&
      description === descriptor.description &&
      dataPoints === metric.dataPoints
    ) {
      return metric;
    }
    return { ...metric, descriptor: { ...descriptor, name, description }, dataPoints };
  }

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    diagnostics.warn('otel-jwt replaced token material in metric attributes; keep credentials out of them');
  }
}
