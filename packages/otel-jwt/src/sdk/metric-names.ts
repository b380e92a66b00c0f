/**
 * Every metric otel-jwt reports, and the attribute keys only metrics use (the others are those of the
 * spans: `jwt.result`, `jwt.error_code`, `jwt.subject.verdict`, `jwt.baggage.removal_reason`,
 * `jwt.issuer`). Names follow OpenTelemetry's naming guidelines: the `jwt.` namespace of the span
 * attributes, counters of countable things in the plural with a `{thing}` unit and no `_total`, times in
 * seconds. Every value of every attribute comes from a fixed list or from the configured issuers.
 */

/** Inbound requests by verification result (`jwt.result`) and, when refused, code (`jwt.error_code`). */
export const METRIC_JWT_VERIFICATIONS = 'jwt.verifications';
/** Subject verdicts (`jwt.subject.verdict`) of the requests that have one. */
export const METRIC_JWT_SUBJECT_VERDICTS = 'jwt.subject.verdicts';
/** Requests whose inbound baggage lost entries, by `jwt.baggage.removal_reason`. */
export const METRIC_JWT_BAGGAGE_REMOVALS = 'jwt.baggage.removals';
/** Key set fetches per configured issuer (`jwt.issuer`) and outcome (`jwt.key.refresh.outcome`). */
export const METRIC_JWT_KEY_REFRESHES = 'jwt.key.refreshes';
/** Seconds since an issuer's remote key set was last fetched successfully. */
export const METRIC_JWT_KEY_AGE = 'jwt.key.age';
/** Values redaction replaced, by `jwt.redaction.signal`. */
export const METRIC_JWT_REDACTIONS = 'jwt.redactions';
/** How long the admission step held a request, by `jwt.admission.outcome`. */
export const METRIC_JWT_ADMISSION_DURATION = 'jwt.admission.duration';
/** Status list fetches per configured issuer (`jwt.issuer`) and outcome (`jwt.fetch.outcome`). */
export const METRIC_JWT_STATUS_LIST_FETCHES = 'jwt.status_list.fetches';
/** Introspection requests per configured issuer (`jwt.issuer`) and outcome (`jwt.fetch.outcome`). */
export const METRIC_JWT_INTROSPECTION_REQUESTS = 'jwt.introspection.requests';
/** Deny-list document fetches by outcome (`jwt.fetch.outcome`). */
export const METRIC_JWT_DENY_LIST_FETCHES = 'jwt.deny_list.fetches';

/** `success`, or the `KeySourceErrorCode` of a failed key refresh. */
export const ATTR_JWT_KEY_REFRESH_OUTCOME = 'jwt.key.refresh.outcome';
/**
 * How a status list fetch, introspection request or deny-list fetch ended: `success` (`active` or
 * `inactive` for introspection), or a failure code.
 */
export const ATTR_JWT_FETCH_OUTCOME = 'jwt.fetch.outcome';
/** `spans`, `logs` or `metrics`: the signal whose values redaction replaced. */
export const ATTR_JWT_REDACTION_SIGNAL = 'jwt.redaction.signal';
/** How a wait in the admission step ended: `ready` or `timeout`. */
export const ATTR_JWT_ADMISSION_OUTCOME = 'jwt.admission.outcome';

/** The instrumentation scope (meter) name of every otel-jwt metric. */
export const METER_NAME = 'otel-jwt';

/** Name, unit and description of one instrument. */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

const define = (name: string, unit: string, description: string): MetricDefinition =>
  Object.freeze({ name, unit, description });

export const VERIFICATIONS = define(
  METRIC_JWT_VERIFICATIONS,
  '{verification}',
  'Inbound requests by the result of their token check, absent tokens included',
);
export const SUBJECT_VERDICTS = define(
  METRIC_JWT_SUBJECT_VERDICTS,
  '{verdict}',
  'Subject consistency verdicts across the hops of a trace',
);
export const BAGGAGE_REMOVALS = define(
  METRIC_JWT_BAGGAGE_REMOVALS,
  '{removal}',
  'Requests whose inbound auth baggage was removed, by reason',
);
export const KEY_REFRESHES = define(
  METRIC_JWT_KEY_REFRESHES,
  '{refresh}',
  'Fetches of remote key sets, by issuer and outcome',
);
export const STATUS_LIST_FETCHES = define(
  METRIC_JWT_STATUS_LIST_FETCHES,
  '{fetch}',
  'Fetches of status lists, by issuer and outcome',
);
export const INTROSPECTION_REQUESTS = define(
  METRIC_JWT_INTROSPECTION_REQUESTS,
  '{request}',
  'Token introspection requests, by issuer and outcome',
);
export const DENY_LIST_FETCHES = define(
  METRIC_JWT_DENY_LIST_FETCHES,
  '{fetch}',
  'Fetches of the deny-list document, by outcome',
);
export const KEY_AGE = define(
  METRIC_JWT_KEY_AGE,
  's',
  "Time since the issuer's remote key set was last fetched successfully",
);
export const REDACTIONS = define(
  METRIC_JWT_REDACTIONS,
  '{redaction}',
  'Values replaced by redaction before export, by signal',
);
export const ADMISSION_DURATION = define(
  METRIC_JWT_ADMISSION_DURATION,
  's',
  'Time the admission step held a request until its verdict was ready',
);

/** Bucket bounds of {@link ADMISSION_DURATION}, in seconds: the wait for keys is bounded (2 s by default). */
export const ADMISSION_DURATION_BOUNDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
