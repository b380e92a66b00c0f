import { scrubMessage } from './redaction/built-in-redaction.js';

/**
 * Errors thrown by otel-jwt. Like jose's: one base class, a stable string `code` per failure and a
 * message that never carries a token, a claim set, a header or key material, because errors end up in spans.
 */
export class OtelJwtError extends Error {
  /** Stable machine-readable identifier of the failure. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(scrubMessage(message));
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A configuration mistake, thrown when a component is created (fail fast at start-up). Unlike
 * verification outcomes, which are constant codes, its message names the option and says what to fix:
 * it is read by whoever deploys, before any request. It never echoes a secret or key material.
 */
export class ConfigurationError extends OtelJwtError {
  declare readonly code: 'invalid_configuration';

  constructor(message: string) {
    super('invalid_configuration', message);
  }
}
