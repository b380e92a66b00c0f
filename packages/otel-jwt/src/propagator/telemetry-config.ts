import type { RedactionConfig } from '../redaction/redaction-config.js';
import type { JwtVerifier } from '../verifier/jwt-verifier.js';
import type { JwtVerifierConfig } from '../verifier/verifier-config.js';
import type { JwtMetricsConfig } from './metrics-option.js';

/** Where the propagator looks for the token. Sources are read in order; two that disagree are an error. */
export type TokenSource =
  /** `Authorization: Bearer <token>` (RFC 6750 §2.1). Other schemes, such as Basic, mean no token. */
  | { readonly type: 'authorization' }
  /** A header holding the bare token, such as `x-id-token`. Header names are matched in lower case. */
  | { readonly type: 'header'; readonly name: string }
  /** A cookie holding the bare token. */
  | { readonly type: 'cookie'; readonly name: string };

/** How one allow-listed claim is copied onto spans and into baggage. */
export interface ClaimMapping {
  /** Attribute and baggage key, such as `user.roles` or `tenant.id`. */
  readonly key: string;
  /** Whether the value also travels in baggage to trusted destinations. Default: `true`. */
  readonly propagate?: boolean;
  /** Longest accepted string (each item for arrays), in characters, 1 to 1024. Default: 128. */
  readonly maxValueChars?: number;
  /** Most items of an array claim, 1 to 64. Default: 16. */
  readonly maxItems?: number;
  /**
   * `'space'` splits a space-delimited string claim (such as OAuth `scope`) into a string array.
   * Default: `'none'`.
   */
  readonly split?: 'none' | 'space';
}

/** Where a request may go, as seen by `propagation.inject`. */
export interface Destination {
  /** `http:` or `https:`. */
  readonly protocol: string;
  /** Lower-case host name or IP address, without brackets. */
  readonly hostname: string;
  /** Port number, the scheme's default when the URL has none. */
  readonly port: number;
  /** `protocol//host:port`, the port always written. */
  readonly origin: string;
}

/**
 * Destinations, as origins (`https://orders.internal:8443`; the port may be left out for the scheme's
 * default; `https://*.orders.internal` matches any subdomain; a wildcard needs two labels under it) or as a predicate. A destination that cannot be
 * determined is never trusted.
 */
export type DestinationRule = readonly string[] | ((destination: Destination) => boolean);

/** How the subject (the issuer's `subjectClaim`, `sub` by default) appears in telemetry. */
export interface SubjectConfig {
  /**
   * `'pseudonym'`: `user.hash`, a keyed hash of issuer and subject. `'raw'`: `user.id`, the subject
   * itself (personal data). Default: `'pseudonym'`.
   */
  readonly onSpans?: 'pseudonym' | 'raw';
  /** `'raw'` also sends `user.id` in baggage to trusted destinations. Default: `'never'`. */
  readonly inBaggage?: 'never' | 'raw';
}

/**
 * The admission step in front of node:http and node:https servers (Express and Fastify included): a request
 * with a token not verified before waits until the signature is checked on libuv's thread pool, and, when
 * its key is not loaded yet, for the key refresh it triggered; then it proceeds and the synchronous extract
 * finds the verdict ready. It never changes a verdict.
 */
export interface AdmissionConfig {
  /**
   * Longest wait for a key refresh that a token with an unknown key triggered, in milliseconds, 0 to
   * 30000 (0: never wait for keys; the signature is still checked off the event loop). Default: 2000.
   */
  readonly maxKeyWaitMilliseconds?: number;
}

/** Configuration of {@link createJwtTelemetry}, the propagator and the span processor. */
export interface JwtTelemetryConfig {
  /** Verifier options (a verifier is created and owned) or an existing verifier (shared, not closed). */
  readonly verifier: JwtVerifierConfig | JwtVerifier;
  /** Where tokens are read. Default: `[{ type: 'authorization' }]`. */
  readonly tokenSources?: readonly TokenSource[];
  /**
   * Allow-list of claims copied onto spans and into baggage: claim name -> key, or a {@link ClaimMapping}.
   * Only top-level claims of a token that verified are read. Default: none.
   */
  readonly claims?: Readonly<Record<string, string | ClaimMapping>>;
  /** How the subject appears. Default: a keyed pseudonym on spans, nothing in baggage. */
  readonly subject?: SubjectConfig;
  /**
   * Secret shared by the services of one deployment, at least 32 bytes (a string counts its UTF-8
   * bytes). It keys the subject proof, `user.hash` and token fingerprints. Without it, proofs are
   * plain hashes anyone can compute and pseudonyms are keyed per process: see docs/security.md.
   * A list of 1 to 4 keys is for a rotation (README, Rotating hmacKey): the first makes proofs,
   * `user.hash` and fingerprints; a proof made with any listed key checks. Default: none.
   */
  readonly hmacKey?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Destinations that receive auth baggage entries and the subject proof. Default: none. */
  readonly trustedDestinations?: DestinationRule;
  /** Forwarding the raw token as `Authorization: Bearer`. Default: never forwarded. */
  readonly forwardToken?: { readonly to: DestinationRule };
  /**
   * More baggage keys treated as auth entries (removed unless vouched for), for keys that upstream
   * services map but this one does not. Default: none.
   */
  readonly protectedBaggageKeys?: readonly string[];
  /**
   * Attributes also copied onto child spans in the same service (the entry span gets all).
   * Default: `['jwt.result', 'user.hash', 'user.id']`.
   */
  readonly childSpanAttributes?: readonly string[];
  /** Most bytes of auth baggage entries (keys, values and separators, the proofs included), 256 to 4096. Default: 1024. */
  readonly maxAuthBaggageBytes?: number;
  /**
   * Additions to the built-in redaction rules of the span processor, the log record processor, the
   * redacting exporter and the HTTP instrumentation configuration. They never replace the built-ins.
   * Default: none.
   */
  readonly redaction?: RedactionConfig;
  /**
   * The admission step ({@link AdmissionConfig}), or `'off'`. On by default: servers that start listening
   * after the telemetry was created get it; attach others with `admission.attach(server)`.
   */
  readonly admission?: AdmissionConfig | 'off';
  /**
   * Counters of verification results, subject verdicts, baggage removals, key refreshes and redactions,
   * and the age of each issuer's keys, through the OpenTelemetry metrics API ({@link JwtMetricsConfig}),
   * or `'off'` (extract then counts nothing). Default: on, reported to the global meter provider.
   */
  readonly metrics?: JwtMetricsConfig | 'off';
}
