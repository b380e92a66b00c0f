import { ConfigurationError } from '../errors.js';
import { knownOptions, numberOption } from '../internal/config-checks.js';
import type { AdmissionConfig } from '../propagator/telemetry-config.js';
import { DEFAULT_KEY_WAIT_MS, MAX_KEY_WAIT_MS } from '../verifier/admission-checks.js';

/** The admission step's options, checked; `'off'` when the configuration turned it off. */
export type AdmissionSettings = { readonly maxKeyWaitMilliseconds: number } | 'off';

const OPTIONS = ['maxKeyWaitMilliseconds'];

/** Checks `admission` of the telemetry configuration; a mistake throws a `ConfigurationError` naming it. */
export function admissionSettings(config: AdmissionConfig | 'off' | undefined): AdmissionSettings {
  if (config === 'off') return 'off';
  if (config === undefined) return { maxKeyWaitMilliseconds: DEFAULT_KEY_WAIT_MS };
  if (config === null || typeof config !== 'object') {
    throw new ConfigurationError("admission must be an object of admission options or 'off'");
  }
  knownOptions(config, OPTIONS, 'admission');
  const maxKeyWaitMilliseconds = numberOption(
    config.maxKeyWaitMilliseconds,
    DEFAULT_KEY_WAIT_MS,
    'admission.maxKeyWaitMilliseconds',
    { min: 0, max: MAX_KEY_WAIT_MS, integer: true },
  );
  return { maxKeyWaitMilliseconds };
}
