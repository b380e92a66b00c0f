import type { Attributes } from '@opentelemetry/api';
import { ATTR_JWT_REDACTION_COUNT } from '../attribute-keys.js';
import { knownOptions } from '../internal/config-checks.js';
import { diagnostics } from '../internal/diagnostics.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { REDACTED, redactLabel } from '../redaction/text-redaction.js';
import {
  type RedactionTally,
  redactMembers,
  redactValue,
  replaceMembers,
} from '../redaction/value-redaction.js';
import { countRedactions } from './redaction-counts.js';
import { redactionIdentity } from './redaction-identity.js';
import { Judge, markRecordEmitted } from './redaction-marks.js';

/** The parts of an SDK log record the processor changes (logs SDK 0.2xx and 3.x records have them). */
export interface EmittedLogRecord {
  readonly attributes: Attributes;
  body?: unknown;
  severityText?: string | undefined;
  eventName?: string | undefined;
}

/** Options of {@link JwtLogRecordProcessor}. */
export interface JwtLogRecordProcessorConfig {
  /** Additions to the built-in redaction rules (they never replace them). Default: none. */
  readonly redaction?: RedactionConfig;
}

function redactField(
  value: string | undefined,
  rules: RedactionRules,
  tally: RedactionTally,
): string | undefined {
  if (value === undefined) return undefined;
  const out = redactLabel(value, rules);
  if (out !== value) tally.count++;
  return out;
}

/** A record that could not be scanned keeps nothing that could hold a token. */
function failClosed(record: EmittedLogRecord): void {
  try {
    record.body = REDACTED;
    const own = record.attributes as Record<string, unknown>;
    for (const key of Object.keys(own)) delete own[key];
    own[ATTR_JWT_REDACTION_COUNT] = 1;
  } catch {
    // Nothing more can be done from a processor; the exporter wrapper is the next line.
  }
}

/**
 * Replaces token material in log records as they are emitted (body, nested values included,
 * attributes, severity text and event name), with the span processor's rules. A log processor may
 * change the record only during `onEmit`, so register it before the exporting processor in
 * `logRecordProcessors`. Never throws.
 */
export class JwtLogRecordProcessor {
  private readonly rules: RedactionRules;
  /** Left on each record, so an exporter wrapper with the same rules can tell what was judged when. */
  private judge: Judge;
  private warned = false;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(config: JwtLogRecordProcessorConfig = {}) {
    knownOptions(config, ['redaction'], 'the log record processor configuration');
    this.rules = resolveRedaction(config.redaction, 'redaction');
    this.judge = new Judge(redactionIdentity(config.redaction), this.rules, -1);
  }

  onEmit(record: EmittedLogRecord): void {
    // Before the first value is judged: the mark records the generation of the verdicts.
    this.judge = this.judge.now();
    try {
      const rules = this.rules;
      const tally: RedactionTally = { count: 0 };
      const body = redactValue(record.body, rules, tally);
      const attributes = redactMembers(record.attributes, rules, tally);
      const severityText = redactField(record.severityText, rules, tally);
      const eventName = redactField(record.eventName, rules, tally);
      if (tally.count > 0) {
        if (body !== record.body) record.body = body;
        if (severityText !== record.severityText) record.severityText = severityText;
        if (eventName !== record.eventName) record.eventName = eventName;
        const own = record.attributes as Record<string, unknown>;
        if (attributes !== undefined) replaceMembers(own, attributes);
        own[ATTR_JWT_REDACTION_COUNT] = tally.count;
        countRedactions(this, 'logs', tally.count);
      }
    } catch {
      failClosed(record);
      if (!this.warned) {
        this.warned = true;
        diagnostics.warn('otel-jwt could not redact a log record; its body and attributes were replaced');
      }
      return;
    }
    try {
      markRecordEmitted(record, this.judge);
    } catch {
      // Unmarked (a frozen record), it is read in full by an exporter wrapper.
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
