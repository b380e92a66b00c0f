import http from 'node:http';
import https from 'node:https';
import { defaultTextMapGetter } from '@opentelemetry/api';
import { ConfigurationError } from '../errors.js';
import { ignoreAdmissionWait, type RecordAdmissionWait } from '../internal/admission-wait.js';
import { boundedWait } from '../internal/bounded-wait.js';
import { markAdmitted } from '../propagator/admission-marks.js';
import type { JwtPropagator } from '../propagator/jwt-propagator.js';
import type { AdmitOutcome } from '../verifier/admission-checks.js';
import type { ServerStep } from './admission-listen-hook.js';
import type { AdmissionSettings } from './admission-settings.js';
import { bind } from './admitting-emit.js';

/** The asynchronous step in front of a server's request event; see {@link JwtTelemetry.admission}. */
export interface JwtAdmission {
  /** `false` when the configuration turned the step off (`admission: 'off'`): `attach` then does nothing. */
  readonly enabled: boolean;
  /**
   * Puts the step in front of a `node:http` or `node:https` server's `request` event (for Express,
   * what `app.listen()` returns; for Fastify, `fastify.server`). Servers that start listening after the
   * telemetry was created get it without this call. Idempotent; throws a `ConfigurationError` for
   * anything that is not such a server.
   */
  attach(server: http.Server | https.Server): void;
}

/**
 * Beyond the key wait, how long a request may be held at most: a signature check queued behind other
 * work of libuv's thread pool, or a verifier passed in whose `admit` never settles, releases the request
 * after this; the synchronous extract then decides as without the step.
 */
const GRACE_MS = 1000;

/**
 * Holds a server's `request` event until the request's new token has its verdict (the signature checked
 * on libuv's thread pool; a key not loaded yet waited for, bounded), then lets it through: the synchronous
 * extract of instrumentation-http finds the verdict ready. A request with a cached token or none passes at
 * once, in the same tick, unless an earlier request of its connection is still held.
 */
export class AdmissionStep implements JwtAdmission, ServerStep {
  readonly enabled: boolean;
  private readonly options: { readonly maxKeyWaitMilliseconds: number };
  private closed = false;

  constructor(
    private readonly propagator: JwtPropagator,
    settings: AdmissionSettings,
    /** Where each held request's wait is reported (the `jwt.admission.duration` metric). */
    private readonly recordWait: RecordAdmissionWait = ignoreAdmissionWait,
  ) {
    this.enabled = settings !== 'off';
    this.options = settings === 'off' ? { maxKeyWaitMilliseconds: 0 } : settings;
  }

  attach(server: http.Server | https.Server): void {
    const candidate: unknown = server;
    if (!(candidate instanceof http.Server) && !(candidate instanceof https.Server)) {
      throw new ConfigurationError(
        'admission.attach needs a node:http or node:https server: what app.listen() returns for Express, fastify.server for Fastify',
      );
    }
    if (this.enabled && !this.closed) bind(server, this);
  }

  /** Stops holding requests; the servers it was attached to go to the newest open step, or none. */
  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed || !this.enabled;
  }

  admitRequest(request: unknown): Promise<AdmitOutcome> | undefined {
    if (this.isClosed) return undefined;
    const headers = (request as { headers?: unknown } | null)?.headers;
    if (headers === null || typeof headers !== 'object') return undefined;
    markAdmitted(headers);
    const wait = this.propagator.admit(headers, defaultTextMapGetter, this.options);
    if (wait === undefined) return undefined;
    const heldAt = performance.now();
    const limitMs = this.options.maxKeyWaitMilliseconds + GRACE_MS;
    return boundedWait<AdmitOutcome>(wait, limitMs, 'timeout', 'ready').then((outcome) => {
      this.recordWait(performance.now() - heldAt, outcome);
      return outcome;
    });
  }
}
