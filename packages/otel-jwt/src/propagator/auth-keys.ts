import { BAGGAGE_JWT_ENTRIES_PROOF, BAGGAGE_JWT_SUBJECT_PROOF } from '../attribute-keys.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** Whether a baggage key is an auth entry: the `jwt.` and `user.` namespaces and the configured keys. */
export function isAuthKey(key: string, settings: TelemetrySettings): boolean {
  return key.startsWith('jwt.') || key.startsWith('user.') || settings.protectedKeys.has(key);
}

/** The two proof entries, which are not covered by the entries proof themselves. */
export function isProofKey(key: string): boolean {
  return key === BAGGAGE_JWT_SUBJECT_PROOF || key === BAGGAGE_JWT_ENTRIES_PROOF;
}
