import { type Attributes, type Context, trace } from '@opentelemetry/api';
import {
  ATTR_JWT_RESULT,
  ATTR_JWT_SUBJECT_VERDICT,
  ATTR_USER_HASH,
  ATTR_USER_ID,
  EVENT_JWT_SUBJECT_CHANGED,
} from '../attribute-keys.js';
import { ConfigurationError } from '../errors.js';
import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { type AuthState, authStateOf } from '../propagator/request-auth.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { REDACTED } from '../redaction/text-redaction.js';
import { guardAttributes, guardCount } from './attribute-guard.js';
import { countRedactions } from './redaction-counts.js';
import { redactionIdentity } from './redaction-identity.js';
import { Judge, markSpanEnded, markSpanStart } from './redaction-marks.js';
import { applySpanRedaction, type RedactableSpan, spanRedaction } from './span-redaction.js';

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
  /** Additions to the built-in redaction rules (they never replace them). Default: none. */
  readonly redaction?: RedactionConfig;
}

/** Package-internal: lets `NodeSDK.shutdown()` stop the verifier that `createJwtTelemetry` created. */
const shutdownHooks = new WeakMap<JwtSpanProcessor, () => void>();

export function onProcessorShutdown(processor: JwtSpanProcessor, hook: () => void): void {
  shutdownHooks.set(processor, hook);
}

const DEFAULT_CHILD_KEYS = [ATTR_JWT_RESULT, ATTR_USER_HASH, ATTR_USER_ID];
const CHANGED_EVENT_ATTRIBUTES: Attributes = Object.freeze({ [ATTR_JWT_SUBJECT_VERDICT]: 'changed' });

/** A span that could not be scanned keeps nothing that could hold a token, as far as it can be changed. */
function failClosed(span: RedactableSpan): void {
  const target = span as { name: string; status: { code: number; message?: string } };
  const steps = [
    () => {
      const own = span.attributes as Record<string, unknown>;
      for (const key of Object.keys(own)) own[key] = REDACTED;
    },
    () => {
      (span.events as unknown[]).length = 0;
    },
    () => {
      (span.links as unknown[]).length = 0;
    },
    () => {
      target.name = REDACTED;
    },
    () => {
      target.status = { code: span.status.code };
    },
  ];
  for (const step of steps) {
    try {
      step();
    } catch {
      // Each field on its own: a frozen one must not keep the others from being cleared.
    }
  }
}

/**
 * Copies the request's verified identity and verification outcome, as the JWT propagator left them in
 * the context, onto spans: all of it onto the service's entry span (the first span of the request,
 * whose parent is remote or absent), a configurable subset onto its children. When a span ends
 * (`onEnding`, while it can still change), replaces token material in its name, attributes, events,
 * links and status message. Never throws and logs nothing per span.
 */
export class JwtSpanProcessor {
  private readonly childKeys: readonly string[];
  private readonly picked = new WeakMap<AuthState, Attributes>();
  private readonly rules: RedactionRules;
  /** Left on each span, so an exporter wrapper with the same rules can tell what was judged when. */
  private judge: Judge;
  private endingSeen = false;
  private warned = false;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(config: JwtSpanProcessorConfig = {}) {
    knownOptions(config, ['childSpanAttributes', 'redaction'], 'the span processor configuration');
    this.rules = resolveRedaction(config.redaction, 'redaction');
    this.judge = new Judge(redactionIdentity(config.redaction), this.rules, -1);
    const keys = config.childSpanAttributes ?? DEFAULT_CHILD_KEYS;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string' && key.length > 0)) {
      throw new ConfigurationError('childSpanAttributes must be an array of attribute names');
    }
    this.childKeys = [...keys];
  }

  onStart(span: StartedSpan, parentContext: Context): void {
    try {
      // Before the first value is judged: the mark records the generation of the earliest verdict.
      this.judge = this.judge.now();
      markSpanStart(span, this.judge);
    } catch {
      // Unmarked (a frozen span), it is read in full by an exporter wrapper.
    }
    try {
      guardAttributes(span, this.rules);
    } catch {
      // Unguarded, the span's attributes are all read in onEnding instead.
    }
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

  /** Redacts while the span is still mutable, before any exporting processor's `onEnd` sees it. */
  onEnding(span: RedactableSpan): void {
    this.endingSeen = true;
    try {
      const redaction = spanRedaction(span, this.rules, guardCount(span, this.rules));
      if (redaction !== undefined) {
        applySpanRedaction(span, redaction);
        countRedactions(this, 'spans', redaction.count);
      }
    } catch {
      failClosed(span);
      this.warnOnce('otel-jwt could not redact a span; wrap the exporter in RedactingSpanExporter');
      return;
    }
    try {
      markSpanEnded(span, this.rules);
    } catch {
      // Unmarked, it is read in full by an exporter wrapper.
    }
  }

  onEnd(): void {
    // An older SDK ends spans without calling `onEnding`: say so once rather than per span.
    if (!this.endingSeen) {
      this.warnOnce(
        'otel-jwt: this SDK does not call SpanProcessor.onEnding, so spans are not redacted here; wrap the exporter in RedactingSpanExporter',
      );
    }
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    diagnostics.warn(message);
  }

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
