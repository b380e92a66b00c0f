/**
 * Errors thrown by otel-jwt. Like jose's: one base class, a stable string `code` per failure and a
 * message that never carries a token, a claim set, a header or key material, because errors end up in spans.
 */
export class OtelJwtError extends Error {
  /** Stable machine-readable identifier of the failure. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A configuration mistake, thrown when a component is created (fail fast at start-up).
 * The message names the option and says what to fix; it never echoes a secret.
 */
export class ConfigurationError extends OtelJwtError {
  constructor(message: string) {
    super('invalid_configuration', message);
  }
}
