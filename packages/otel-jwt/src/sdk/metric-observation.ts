import {
  type Attributes,
  type BatchObservableResult,
  type Meter,
  type Observable,
  type ObservableCounter,
  type ObservableGauge,
  ValueType,
} from '@opentelemetry/api';
import {
  ATTR_JWT_BAGGAGE_REMOVAL_REASON,
  ATTR_JWT_ERROR_CODE,
  ATTR_JWT_ISSUER,
  ATTR_JWT_RESULT,
  ATTR_JWT_SUBJECT_VERDICT,
} from '../attribute-keys.js';
import type { IssuerOutcomeCounts, OutcomeCounts } from '../internal/outcome-counts.js';
import type { ExtractCounts } from '../propagator/extract-counts.js';
import type { JwtVerifier } from '../verifier/jwt-verifier.js';
import {
  ATTR_JWT_FETCH_OUTCOME,
  ATTR_JWT_KEY_REFRESH_OUTCOME,
  ATTR_JWT_REDACTION_SIGNAL,
  BAGGAGE_REMOVALS,
  DENY_LIST_FETCHES,
  INTROSPECTION_REQUESTS,
  KEY_AGE,
  KEY_REFRESHES,
  type MetricDefinition,
  REDACTIONS,
  STATUS_LIST_FETCHES,
  SUBJECT_VERDICTS,
  VERIFICATIONS,
} from './metric-names.js';

/** The asynchronous instruments of one meter: they report the counts when a reader collects. */
export interface CountInstruments {
  readonly verifications: ObservableCounter;
  readonly verdicts: ObservableCounter;
  readonly removals: ObservableCounter;
  readonly keyRefreshes: ObservableCounter;
  readonly statusListFetches: ObservableCounter;
  readonly introspectionRequests: ObservableCounter;
  readonly denyListFetches: ObservableCounter;
  readonly redactions: ObservableCounter;
  readonly keyAge: ObservableGauge;
}

/** Everything one telemetry counts, and the verifier whose key ages are reported. */
export interface CountSources {
  readonly extract: ExtractCounts | undefined;
  readonly keyRefreshes: IssuerOutcomeCounts;
  readonly statusListFetches: IssuerOutcomeCounts;
  readonly introspectionRequests: IssuerOutcomeCounts;
  /** Counted under the empty issuer name: the deny-list belongs to no issuer. */
  readonly denyListFetches: IssuerOutcomeCounts;
  readonly redactions: OutcomeCounts;
  readonly verifier: JwtVerifier | undefined;
}

export function createCountInstruments(meter: Meter): CountInstruments {
  const counter = ({ name, unit, description }: MetricDefinition) =>
    meter.createObservableCounter(name, { unit, description, valueType: ValueType.INT });
  return {
    verifications: counter(VERIFICATIONS),
    verdicts: counter(SUBJECT_VERDICTS),
    removals: counter(BAGGAGE_REMOVALS),
    keyRefreshes: counter(KEY_REFRESHES),
    statusListFetches: counter(STATUS_LIST_FETCHES),
    introspectionRequests: counter(INTROSPECTION_REQUESTS),
    denyListFetches: counter(DENY_LIST_FETCHES),
    redactions: counter(REDACTIONS),
    keyAge: meter.createObservableGauge(KEY_AGE.name, {
      unit: KEY_AGE.unit,
      description: KEY_AGE.description,
      valueType: ValueType.DOUBLE,
    }),
  };
}

export function observablesOf(instruments: CountInstruments): Observable[] {
  return Object.values(instruments);
}

/**
 * Reports the cumulative counts (each outcome once it was counted at least once) and, for each remote
 * issuer whose keys were fetched at least once, their age. Static keys are never fetched, so they have
 * no age; an issuer whose first fetch has not succeeded has none yet (its failures show in
 * `jwt.key.refreshes`).
 */
export function observeCounts(
  result: BatchObservableResult,
  instruments: CountInstruments,
  sources: CountSources,
  nowMs: number,
): void {
  const observeAll = (counts: OutcomeCounts, instrument: Observable, key: string, more?: Attributes) => {
    counts.forEach((outcome, count) => {
      result.observe(instrument, count, { ...more, [key]: outcome });
    });
  };
  const { extract } = sources;
  if (extract !== undefined) {
    const { verifications } = instruments;
    if (extract.valid > 0) result.observe(verifications, extract.valid, { [ATTR_JWT_RESULT]: 'valid' });
    if (extract.absent > 0) result.observe(verifications, extract.absent, { [ATTR_JWT_RESULT]: 'absent' });
    observeAll(extract.invalid, verifications, ATTR_JWT_ERROR_CODE, { [ATTR_JWT_RESULT]: 'invalid' });
    observeAll(extract.unverified, verifications, ATTR_JWT_ERROR_CODE, { [ATTR_JWT_RESULT]: 'unverified' });
    observeAll(extract.verdicts, instruments.verdicts, ATTR_JWT_SUBJECT_VERDICT);
    observeAll(extract.removals, instruments.removals, ATTR_JWT_BAGGAGE_REMOVAL_REASON);
  }
  sources.keyRefreshes.forEach((issuer, outcome, count) => {
    result.observe(instruments.keyRefreshes, count, {
      [ATTR_JWT_ISSUER]: issuer,
      [ATTR_JWT_KEY_REFRESH_OUTCOME]: outcome,
    });
  });
  const perIssuer = (counts: IssuerOutcomeCounts, instrument: Observable) => {
    counts.forEach((issuer, outcome, count) => {
      result.observe(instrument, count, { [ATTR_JWT_ISSUER]: issuer, [ATTR_JWT_FETCH_OUTCOME]: outcome });
    });
  };
  perIssuer(sources.statusListFetches, instruments.statusListFetches);
  perIssuer(sources.introspectionRequests, instruments.introspectionRequests);
  sources.denyListFetches.forEach((_issuer, outcome, count) => {
    result.observe(instruments.denyListFetches, count, { [ATTR_JWT_FETCH_OUTCOME]: outcome });
  });
  observeAll(sources.redactions, instruments.redactions, ATTR_JWT_REDACTION_SIGNAL);
  for (const status of sources.verifier?.keyStatus() ?? []) {
    const last = status.lastRefreshAtMilliseconds;
    if (status.source === 'static' || last === undefined) continue;
    result.observe(instruments.keyAge, Math.max(0, (nowMs - last) / 1000), {
      [ATTR_JWT_ISSUER]: status.issuer,
    });
  }
}
