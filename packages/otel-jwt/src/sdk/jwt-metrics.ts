import {
  type BatchObservableResult,
  type Histogram,
  type MeterProvider,
  metrics,
  type Observable,
} from '@opentelemetry/api';
import { ADMISSION_WAIT_OUTCOMES, type RecordAdmissionWait } from '../internal/admission-wait.js';
import type { BackgroundCounts } from '../internal/background-counts.js';
import { diagnostics } from '../internal/diagnostics.js';
import { OTHER_OUTCOME } from '../internal/outcome-counts.js';
import { keyRefreshCounts } from '../keys/key-refresh-counts.js';
import { extractCountsOf } from '../propagator/extract-counts.js';
import type { JwtPropagator } from '../propagator/jwt-propagator.js';
import { type MetricsSettings, resolveMetricsOption } from '../propagator/metrics-option.js';
import { denyListFetchCounts } from '../revocation/deny-list-source.js';
import { introspectionCounts } from '../revocation/introspections.js';
import { statusListFetchCounts } from '../revocation/status-list-outcomes.js';
import {
  ADMISSION_DURATION,
  ADMISSION_DURATION_BOUNDS,
  ATTR_JWT_ADMISSION_OUTCOME,
  METER_NAME,
} from './metric-names.js';
import {
  type CountInstruments,
  type CountSources,
  createCountInstruments,
  observablesOf,
  observeCounts,
} from './metric-observation.js';
import { countRedactionsOf, redactionCounts } from './redaction-counts.js';

/**
 * How often the global meter provider is looked up again, in milliseconds. OpenTelemetry's API has a
 * proxy for tracer providers but none for meter providers: a meter taken from the global provider
 * before `sdk.start()` (the README's order) is a no-op meter for good. The counts do not depend on it
 * (they are plain numbers, reported whole at every collection), so it is enough to register the
 * instruments with the provider in place before its reader first collects.
 */
const PROVIDER_CHECK_MS = 1000;

const ADMISSION_OUTCOMES = new Set(ADMISSION_WAIT_OUTCOMES);

/** The instruments of one meter provider. */
interface Binding {
  readonly provider: MeterProvider;
  readonly observables: Observable[];
  readonly unregister: () => void;
  readonly admission: Histogram;
}

/**
 * The metrics of one telemetry. Extract, the key sources and the redaction points count into plain
 * numbers; asynchronous (observable) instruments read them when a metric reader collects, so the
 * request path makes no OpenTelemetry call. Reports to the configured meter provider, or to whichever
 * is global at the time (checked again every second until stopped). Never throws after creation.
 */
export class JwtMetrics {
  /** What the verifier's sources count in the background: key, status list and deny-list fetches, introspections. */
  readonly background = {
    keyRefreshes: keyRefreshCounts(),
    statusListFetches: statusListFetchCounts(),
    introspectionRequests: introspectionCounts(),
    denyListFetches: denyListFetchCounts(),
  } satisfies Required<BackgroundCounts>;
  readonly redactions = redactionCounts();
  private sources: CountSources = {
    extract: undefined,
    ...this.background,
    redactions: this.redactions,
    verifier: undefined,
  };
  private binding: Binding | undefined;
  private instruments: CountInstruments | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;
  private warned = false;

  constructor(private readonly settings: MetricsSettings) {}

  /** Reads the counts of `propagator` (and its verifier's key ages) and of what `components` redact. */
  start(propagator: JwtPropagator, components: readonly object[]): void {
    this.sources = { ...this.sources, extract: extractCountsOf(propagator), verifier: propagator.verifier };
    for (const component of components) countRedactionsOf(component, this.redactions);
    this.bind();
    if (this.settings.meterProvider !== undefined) return;
    // The README's setup creates the telemetry, then starts the SDK in the same tick.
    this.immediate = setImmediate(() => this.bind()).unref();
    this.timer = setInterval(() => this.bind(), PROVIDER_CHECK_MS).unref();
  }

  /** `component` (an exporter wrapper), counting what it replaces. */
  counting<T extends object>(component: T): T {
    return countRedactionsOf(component, this.redactions);
  }

  /**
   * The admission step's hook: one request held `milliseconds`, with `outcome`. Recorded in the
   * `jwt.admission.duration` histogram once a meter provider is in place (a wait before that is not).
   */
  readonly recordAdmissionWait: RecordAdmissionWait = (milliseconds, outcome) => {
    try {
      if (!(milliseconds >= 0)) return;
      const value = ADMISSION_OUTCOMES.has(outcome) ? outcome : OTHER_OUTCOME;
      this.binding?.admission.record(milliseconds / 1000, { [ATTR_JWT_ADMISSION_OUTCOME]: value });
    } catch {
      this.warnOnce();
    }
  };

  /** Stops looking up the provider and removes the instruments' callback. Idempotent. */
  stop(): void {
    this.stopped = true;
    clearImmediate(this.immediate);
    clearInterval(this.timer);
    this.unbind();
  }

  private readonly observe = (result: BatchObservableResult): void => {
    const instruments = this.instruments;
    if (instruments === undefined) return;
    try {
      observeCounts(result, instruments, this.sources, Date.now());
    } catch {
      this.warnOnce();
    }
  };

  /** Registers the instruments with the provider in use, unless they are registered there already. */
  private bind(): void {
    if (this.stopped) return;
    try {
      const provider = this.settings.meterProvider ?? metrics.getMeterProvider();
      if (provider === this.binding?.provider) return;
      this.unbind();
      const meter = provider.getMeter(METER_NAME);
      const instruments = createCountInstruments(meter);
      const observables = observablesOf(instruments);
      const admission = meter.createHistogram(ADMISSION_DURATION.name, {
        unit: ADMISSION_DURATION.unit,
        description: ADMISSION_DURATION.description,
        advice: { explicitBucketBoundaries: [...ADMISSION_DURATION_BOUNDS] },
      });
      // Registered last, and the binding kept at once: a failure before this leaves nothing registered,
      // and nothing after it can fail and leave a callback no binding would remove.
      meter.addBatchObservableCallback(this.observe, observables);
      this.instruments = instruments;
      this.binding = {
        provider,
        observables,
        admission,
        unregister: () => meter.removeBatchObservableCallback(this.observe, observables),
      };
    } catch {
      this.warnOnce();
    }
  }

  /** A provider replaced without being shut down must not report these counts any more. */
  private unbind(): void {
    const binding = this.binding;
    this.binding = undefined;
    this.instruments = undefined;
    try {
      binding?.unregister();
    } catch {
      // The provider is gone either way.
    }
  }

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    diagnostics.warn('otel-jwt: the meter provider failed; some otel-jwt metrics may be missing');
  }
}

/** The metrics of a telemetry, or undefined with `metrics: 'off'`. Checks the option; starts nothing. */
export function jwtMetrics(option: unknown): JwtMetrics | undefined {
  const settings = resolveMetricsOption(option);
  return settings === undefined ? undefined : new JwtMetrics(settings);
}
