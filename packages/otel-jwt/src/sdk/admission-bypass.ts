import { operatorNotice } from '../internal/operator-notice.js';
import { wasAdmitted } from '../propagator/admission-marks.js';
import { admissionExpected } from './admission-listen-hook.js';

let warned = false;

/**
 * Warns once per process when a node:http request reaches instrumentation-http without having passed the
 * admission step while one is on: its server was listening before the telemetry was created (or is one
 * the listen hook cannot see). Its new tokens are still verified, on the event loop, as without the step.
 * Called from the incoming-span hook, which instrumentation-http runs for server requests only.
 */
export function noteAdmissionBypass(request: unknown): void {
  if (warned) return;
  const headers = (request as { headers?: unknown } | null)?.headers;
  if (headers === null || typeof headers !== 'object' || wasAdmitted(headers)) return;
  if (!admissionExpected()) return;
  warned = true;
  operatorNotice.warn(
    'otel-jwt: a request reached the server without passing the admission step, so new tokens are ' +
      'verified on the event loop; create the telemetry before the server starts listening, or call ' +
      'admission.attach(server)',
  );
}
