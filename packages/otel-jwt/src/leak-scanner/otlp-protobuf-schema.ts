import { type ProtobufField, protobufFields } from './otlp-protobuf-field.js';
import { METRICS_SCHEMA, type MetricsMessageType } from './otlp-protobuf-metrics-schema.js';

/**
 * The length-delimited fields of the OTLP export requests, from opentelemetry-proto
 * (collector/{trace,logs,metrics}/v1, trace/v1, logs/v1, metrics/v1, resource/v1, common/v1). Only what
 * can hold text or bytes is listed: numbers, times and enums cannot hold 16 characters of a token. Names
 * are those of the OTLP JSON encoding, so paths read the same for both encodings.
 */
export type MessageType =
  | 'exportTraceServiceRequest'
  | 'resourceSpans'
  | 'scopeSpans'
  | 'span'
  | 'event'
  | 'link'
  | 'status'
  | 'exportLogsServiceRequest'
  | 'resourceLogs'
  | 'scopeLogs'
  | 'logRecord'
  | MetricsMessageType
  | 'resource'
  | 'entityRef'
  | 'instrumentationScope'
  | 'keyValue'
  | 'anyValue'
  | 'arrayValue'
  | 'keyValueList';

export type FieldSpec = ProtobufField<MessageType>;

const { one, many } = protobufFields<MessageType>();

const attributes = many('attributes', 'keyValue');

export const SCHEMA: Readonly<Record<MessageType, ReadonlyMap<number, FieldSpec>>> = {
  ...METRICS_SCHEMA,
  exportTraceServiceRequest: new Map([[1, many('resourceSpans', 'resourceSpans')]]),
  resourceSpans: new Map([
    [1, one('resource', 'resource')],
    [2, many('scopeSpans', 'scopeSpans')],
    [3, one('schemaUrl', 'string')],
  ]),
  scopeSpans: new Map([
    [1, one('scope', 'instrumentationScope')],
    [2, many('spans', 'span')],
    [3, one('schemaUrl', 'string')],
  ]),
  span: new Map([
    [1, one('traceId', 'bytes')],
    [2, one('spanId', 'bytes')],
    [3, one('traceState', 'string')],
    [4, one('parentSpanId', 'bytes')],
    [5, one('name', 'string')],
    [9, attributes],
    [11, many('events', 'event')],
    [13, many('links', 'link')],
    [15, one('status', 'status')],
  ]),
  event: new Map([
    [2, one('name', 'string')],
    [3, attributes],
  ]),
  link: new Map([
    [1, one('traceId', 'bytes')],
    [2, one('spanId', 'bytes')],
    [3, one('traceState', 'string')],
    [4, attributes],
  ]),
  status: new Map([[2, one('message', 'string')]]),
  exportLogsServiceRequest: new Map([[1, many('resourceLogs', 'resourceLogs')]]),
  resourceLogs: new Map([
    [1, one('resource', 'resource')],
    [2, many('scopeLogs', 'scopeLogs')],
    [3, one('schemaUrl', 'string')],
  ]),
  scopeLogs: new Map([
    [1, one('scope', 'instrumentationScope')],
    [2, many('logRecords', 'logRecord')],
    [3, one('schemaUrl', 'string')],
  ]),
  logRecord: new Map([
    [3, one('severityText', 'string')],
    [5, one('body', 'anyValue')],
    [6, attributes],
    [9, one('traceId', 'bytes')],
    [10, one('spanId', 'bytes')],
    [12, one('eventName', 'string')],
  ]),
  resource: new Map([
    [1, attributes],
    [3, many('entityRefs', 'entityRef')],
  ]),
  entityRef: new Map([
    [1, one('schemaUrl', 'string')],
    [2, one('type', 'string')],
    [3, many('idKeys', 'string')],
    [4, many('descriptionKeys', 'string')],
  ]),
  instrumentationScope: new Map([
    [1, one('name', 'string')],
    [2, one('version', 'string')],
    [3, attributes],
  ]),
  // The last four are walked by hand (values shown under their key); listed for completeness.
  keyValue: new Map([
    [1, one('key', 'string')],
    [2, one('value', 'anyValue')],
  ]),
  anyValue: new Map([
    [1, one('stringValue', 'string')],
    [5, one('arrayValue', 'arrayValue')],
    [6, one('kvlistValue', 'keyValueList')],
    [7, one('bytesValue', 'bytes')],
  ]),
  arrayValue: new Map([[1, many('values', 'anyValue')]]),
  keyValueList: new Map([[1, many('values', 'keyValue')]]),
};
