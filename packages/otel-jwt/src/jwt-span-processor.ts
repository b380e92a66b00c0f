import { type Attributes, type Context, trace } from '@opentelemetry/api';
import {
  ATTR_JWT_RESULT,
  ATTR_JWT_SUBJECT_VERDICT,
  ATTR_USER_HASH,
  ATTR_USER_ID,
  EVENT_JWT_SUBJECT_CHANGED,
} from './attribute-keys.js';
import { knownOptions } from './config-checks.js';
import { ConfigurationError } from './errors.js';
import { type AuthState, authStateOf } from './request-auth.js';

/** The parts of an SDK span the processor uses; SDK 2.x and 3.x spans both have them. */
export interface StartedSpan {
  setAttributes(attributes: Attributes): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
}

/** Options of {@link JwtSpanProcessor}. */
export interface JwtSpanProcessorConfig {
  /**
   * Attributes also copied onto child spans in the same service; the entry span gets all of them.
   * Default: `['jwt.result', 'user.hash', 'user.id']`.
   */
  readonly childSpanAttributes?: readonly string[];
}

/** Package-internal: lets `NodeSDK.shutdown()` stop the verifier that `createJwtTelemetry` created. */
const shutdownHooks = new WeakMap<JwtSpanProcessor, () => void>();

export function onProcessorShutdown(processor: JwtSpanProcessor, hook: () => void): void {
  shutdownHooks.set(processor, hook);
}

const DEFAULT_CHILD_KEYS = [ATTR_JWT_RESULT, ATTR_USER_HASH, ATTR_USER_ID];
const CHANGED_EVENT_ATTRIBUTES: Attributes = Object.freeze({ [ATTR_JWT_SUBJECT_VERDICT]: 'changed' });

/**
 * Copies the request's verified identity and verification outcome, as the JWT propagator left them in
 * the context, onto spans: all of it onto the service's entry span (the first span of the request,
 * whose parent is remote or absent), a configurable subset onto its children. Never throws and logs
 * nothing per span.
 */
export class JwtSpanProcessor {
  private readonly childKeys: readonly string[];
  private readonly picked = new WeakMap<AuthState, Attributes>();

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(config: JwtSpanProcessorConfig = {}) {
    knownOptions(config, ['childSpanAttributes'], 'the span processor configuration');
    const keys = config.childSpanAttributes ?? DEFAULT_CHILD_KEYS;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string' && key.length > 0)) {
      throw new ConfigurationError('childSpanAttributes must be an array of attribute names');
    }
    this.childKeys = [...keys];
  }

  onStart(span: StartedSpan, parentContext: Context): void {
    try {
      const state = authStateOf(parentContext);
      if (state === undefined) return;
      const parent = trace.getSpanContext(parentContext);
      if (parent === undefined || parent.isRemote === true) {
        span.setAttributes(state.entryAttributes);
        if (state.auth.subjectVerdict === 'changed')
          span.addEvent(EVENT_JWT_SUBJECT_CHANGED, CHANGED_EVENT_ATTRIBUTES);
      } else {
        span.setAttributes(this.childAttributes(state));
      }
    } catch {
      // A span that refuses attributes must not break the request; nothing is logged per span.
    }
  }

  /** Picked once per request and processor (two processors may want different subsets). */
  private childAttributes(state: AuthState): Attributes {
    let picked = this.picked.get(state);
    if (picked === undefined) {
      picked = {};
      for (const key of this.childKeys) {
        const value = state.entryAttributes[key];
        if (value !== undefined) picked[key] = value;
      }
      this.picked.set(state, Object.freeze(picked));
    }
    return picked;
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Idempotent. For the processor of {@link createJwtTelemetry}, also stops the verifier it created. */
  shutdown(): Promise<void> {
    const hook = shutdownHooks.get(this);
    shutdownHooks.delete(this);
    try {
      hook?.();
    } catch {
      // Shutdown must settle; the hook only stops background refreshes.
    }
    return Promise.resolve();
  }
}
