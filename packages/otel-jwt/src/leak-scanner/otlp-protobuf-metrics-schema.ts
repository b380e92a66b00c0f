import { type ProtobufField, protobufFields } from './otlp-protobuf-field.js';

/**
 * The messages of an OTLP `ExportMetricsServiceRequest` (collector/metrics/v1, metrics/v1), named as in
 * the OTLP JSON encoding. Resource, scope and key-value messages are the ones traces and logs use.
 */
export type MetricsMessageType =
  | 'exportMetricsServiceRequest'
  | 'resourceMetrics'
  | 'scopeMetrics'
  | 'metric'
  | 'gauge'
  | 'sum'
  | 'histogram'
  | 'exponentialHistogram'
  | 'summary'
  | 'numberDataPoint'
  | 'histogramDataPoint'
  | 'exponentialHistogramDataPoint'
  | 'buckets'
  | 'summaryDataPoint'
  | 'valueAtQuantile'
  | 'exemplar';

type Holds = MetricsMessageType | 'resource' | 'instrumentationScope' | 'keyValue';
type Field = ProtobufField<Holds>;

const { one, many } = protobufFields<Holds>();

const attributes = (fieldNumber: number): [number, Field] => [fieldNumber, many('attributes', 'keyValue')];
const exemplars = (fieldNumber: number): [number, Field] => [fieldNumber, many('exemplars', 'exemplar')];
/** Packed repeated numbers are length-delimited too: read as bytes, so nothing goes unscanned. */
const packed = (fieldNumber: number, name: string): [number, Field] => [fieldNumber, one(name, 'bytes')];

/**
 * The length-delimited fields of the metrics messages: text, bytes, nested messages and packed numbers.
 * Scalars (times, counts, sums, flags, temporality) cannot hold 16 characters of a token. `summary` and
 * exemplars are listed although OpenTelemetry JS does not write them: other SDKs and collectors do.
 */
export const METRICS_SCHEMA: Readonly<Record<MetricsMessageType, ReadonlyMap<number, Field>>> = {
  exportMetricsServiceRequest: new Map([[1, many('resourceMetrics', 'resourceMetrics')]]),
  resourceMetrics: new Map([
    [1, one('resource', 'resource')],
    [2, many('scopeMetrics', 'scopeMetrics')],
    [3, one('schemaUrl', 'string')],
  ]),
  scopeMetrics: new Map([
    [1, one('scope', 'instrumentationScope')],
    [2, many('metrics', 'metric')],
    [3, one('schemaUrl', 'string')],
  ]),
  metric: new Map([
    [1, one('name', 'string')],
    [2, one('description', 'string')],
    [3, one('unit', 'string')],
    [5, one('gauge', 'gauge')],
    [7, one('sum', 'sum')],
    [9, one('histogram', 'histogram')],
    [10, one('exponentialHistogram', 'exponentialHistogram')],
    [11, one('summary', 'summary')],
    [12, many('metadata', 'keyValue')],
  ]),
  gauge: new Map([[1, many('dataPoints', 'numberDataPoint')]]),
  sum: new Map([[1, many('dataPoints', 'numberDataPoint')]]),
  histogram: new Map([[1, many('dataPoints', 'histogramDataPoint')]]),
  exponentialHistogram: new Map([[1, many('dataPoints', 'exponentialHistogramDataPoint')]]),
  summary: new Map([[1, many('dataPoints', 'summaryDataPoint')]]),
  numberDataPoint: new Map([exemplars(5), attributes(7)]),
  histogramDataPoint: new Map([
    packed(6, 'bucketCounts'),
    packed(7, 'explicitBounds'),
    exemplars(8),
    attributes(9),
  ]),
  exponentialHistogramDataPoint: new Map([
    attributes(1),
    [8, one('positive', 'buckets')],
    [9, one('negative', 'buckets')],
    exemplars(11),
  ]),
  buckets: new Map([packed(2, 'bucketCounts')]),
  summaryDataPoint: new Map([[6, many('quantileValues', 'valueAtQuantile')], attributes(7)]),
  // Two doubles: nothing to read, but a field of another wire type there is still shown by number.
  valueAtQuantile: new Map(),
  exemplar: new Map([
    [4, one('spanId', 'bytes')],
    [5, one('traceId', 'bytes')],
    [7, many('filteredAttributes', 'keyValue')],
  ]),
};
