/**
 * How a request's wait in the admission step ended: `ready` (its verdict was ready when it went on) or
 * `timeout` (the bounded wait for keys ran out first). A record, so a value added to the type must be
 * added here too: the metric's attribute then keeps to the values the README lists.
 */
export type AdmissionWaitOutcome = 'ready' | 'timeout';

const OUTCOMES: Readonly<Record<AdmissionWaitOutcome, true>> = { ready: true, timeout: true };

export const ADMISSION_WAIT_OUTCOMES: readonly string[] = Object.keys(OUTCOMES);

/**
 * Where the admission step reports each request it held: how long, in milliseconds, and how the wait
 * ended. The metrics of a telemetry give one (`JwtMetrics.recordAdmissionWait`, the
 * `jwt.admission.duration` histogram); without metrics it is {@link ignoreAdmissionWait}. Never throws.
 */
export type RecordAdmissionWait = (milliseconds: number, outcome: AdmissionWaitOutcome) => void;

export const ignoreAdmissionWait: RecordAdmissionWait = () => undefined;
