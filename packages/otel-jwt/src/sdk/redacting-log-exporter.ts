import type { Attributes } from '@opentelemetry/api';
import { ATTR_JWT_REDACTION_COUNT } from '../attribute-keys.js';
import { knownOptions } from '../internal/config-checks.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { redactLabel } from '../redaction/text-redaction.js';
import { type RedactionTally, redactMembers, redactValue } from '../redaction/value-redaction.js';
import { type ExportResultCallback, exportRedacted } from './export-redacted.js';
import { ResourceRedaction } from './exported-resource.js';
import { countRedactions } from './redaction-counts.js';
import { redactionIdentity } from './redaction-identity.js';
import { recordSettled } from './redaction-marks.js';

/** The fields of an exported log record that can hold text (logs SDK 0.2xx and 3.x records have them). */
export interface RedactableLogRecord {
  readonly attributes: Attributes;
  readonly body?: unknown;
  readonly severityText?: string | undefined;
  readonly eventName?: string | undefined;
}

/** The exporter interface of the logs SDK (0.2xx and 3.x), typed structurally. */
export interface LogRecordExporterLike<R extends RedactableLogRecord = RedactableLogRecord> {
  export(logs: R[], resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Options of {@link RedactingLogRecordExporter}. */
export interface RedactingLogRecordExporterConfig {
  /** Additions to the built-in redaction rules (they never replace them). Default: none. */
  readonly redaction?: RedactionConfig;
}

function label(value: string | undefined, rules: RedactionRules, tally: RedactionTally): string | undefined {
  if (typeof value !== 'string') return value;
  const out = redactLabel(value, rules);
  if (out !== value) tally.count++;
  return out;
}

/** The fields of `record` to replace, or undefined when it holds no token material. */
function logRedaction(
  record: RedactableLogRecord,
  rules: RedactionRules,
  tally: RedactionTally,
): PropertyDescriptorMap | undefined {
  const body = redactValue(record.body, rules, tally);
  const attributes = redactMembers(record.attributes, rules, tally);
  const severityText = label(record.severityText, rules, tally);
  const eventName = label(record.eventName, rules, tally);
  if (tally.count === 0) return undefined;
  // The log processor counted what it replaced at emit; this adds what changed since.
  const before = record.attributes[ATTR_JWT_REDACTION_COUNT];
  const count = (typeof before === 'number' ? before : 0) + tally.count;
  const fields: PropertyDescriptorMap = {
    attributes: { value: { ...(attributes ?? record.attributes), [ATTR_JWT_REDACTION_COUNT]: count } },
  };
  if (body !== record.body) fields.body = { value: body };
  if (severityText !== record.severityText) fields.severityText = { value: severityText };
  if (eventName !== record.eventName) fields.eventName = { value: eventName };
  for (const field of Object.values(fields)) field.enumerable = true;
  return fields;
}

/**
 * Wraps a log record exporter so that the records it receives carry no token material in the body
 * (nested values and byte arrays included), attributes, severity text, event name, resource or
 * instrumentation scope. {@link JwtLogRecordProcessor} redacts a record when it is emitted, but the
 * logs SDK keeps the body and attribute values by reference: an object or buffer the application
 * changes afterwards is exported as it is then, which only this wrapper sees. A record that processor
 * redacted under the same rules, with every field still the value judged then and no token remembered
 * since, has only its values held by reference read again (redaction-marks.ts). Records are not changed;
 * the exporter gets redacted views of those that need it, with `jwt.redaction_count` counting the
 * replacements made at emit and here. A batch that cannot be redacted is not exported and its
 * callback gets a failure. Never throws from `export`.
 */
export class RedactingLogRecordExporter<R extends RedactableLogRecord = RedactableLogRecord>
  implements LogRecordExporterLike<R>
{
  // Truly private: a processor given this wrapper where it expects `{ exporter }` must not find the
  // wrapped exporter under that name and export around the redaction.
  readonly #exporter: LogRecordExporterLike<R>;
  private readonly rules: RedactionRules;
  private readonly identity: string;
  private readonly origins: ResourceRedaction;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(exporter: LogRecordExporterLike<R>, config: RedactingLogRecordExporterConfig = {}) {
    this.#exporter = exporter;
    knownOptions(config, ['redaction'], 'the redacting log exporter configuration');
    this.rules = resolveRedaction(config.redaction, 'redaction');
    this.identity = redactionIdentity(config.redaction);
    this.origins = new ResourceRedaction(this.rules);
  }

  export(logs: R[], resultCallback: ExportResultCallback): void {
    const redact = (batch: R[]) =>
      batch.map((record) => {
        if (recordSettled(record, this.identity, this.rules)) return this.origins.apply(record);
        const tally: RedactionTally = { count: 0 };
        const fields = logRedaction(record, this.rules, tally);
        countRedactions(this, 'logs', tally.count);
        return this.origins.apply(fields === undefined ? record : (Object.create(record, fields) as R));
      });
    exportRedacted(this.#exporter, logs, redact, 'log records', resultCallback);
  }

  shutdown(): Promise<void> {
    return this.#exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#exporter.forceFlush?.() ?? Promise.resolve();
  }
}
