import { knownOptions } from '../internal/config-checks.js';
import { type RedactionConfig, resolveRedaction } from '../redaction/redaction-config.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { type ExportResultCallback, exportRedacted } from './export-redacted.js';
import { ResourceRedaction } from './exported-resource.js';
import { countRedactions } from './redaction-counts.js';
import { redactionIdentity } from './redaction-identity.js';
import { spanSettled } from './redaction-marks.js';
import { type RedactableSpan, redactedSpanView, spanRedaction } from './span-redaction.js';

/** The exporter interface of the trace SDK (2.x and 3.x), typed structurally. */
export interface SpanExporterLike<S extends RedactableSpan = RedactableSpan> {
  export(spans: S[], resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Options of {@link RedactingSpanExporter}. */
export interface RedactingSpanExporterConfig {
  /** Additions to the built-in redaction rules (they never replace them). Default: none. */
  readonly redaction?: RedactionConfig;
}

/**
 * Wraps an exporter so that the spans it receives carry no token material: the fallback for SDKs whose
 * span processors have no `onEnding`, and a second line behind {@link JwtSpanProcessor} on those that
 * do. Spans are not changed; the exporter gets redacted views of those that needed it. Every field is
 * read again here, byte arrays and nested values included, since an application may change them after
 * handing them over; a span that processor redacted under the same rules, unchanged since and with no
 * token remembered since its start, has only its values held by reference (byte arrays, arrays, maps)
 * read again (redaction-marks.ts). Token material in the resource and instrumentation scope is
 * replaced too, judged once per resource and scope object rather than per batch.
 */
export class RedactingSpanExporter<S extends RedactableSpan = RedactableSpan> implements SpanExporterLike<S> {
  private readonly rules: RedactionRules;
  private readonly identity: string;
  private readonly origins: ResourceRedaction;
  // A private field, not a property named `exporter`: SDK 3.x processors take `{ exporter }`, and a
  // wrapper passed there by mistake must not hand them the unwrapped exporter through that name.
  readonly #exporter: SpanExporterLike<S>;

  /** Throws a `ConfigurationError` naming the option to fix. */
  constructor(exporter: SpanExporterLike<S>, config: RedactingSpanExporterConfig = {}) {
    this.#exporter = exporter;
    knownOptions(config, ['redaction'], 'the redacting exporter configuration');
    this.rules = resolveRedaction(config.redaction, 'redaction');
    this.identity = redactionIdentity(config.redaction);
    this.origins = new ResourceRedaction(this.rules);
  }

  export(spans: S[], resultCallback: ExportResultCallback): void {
    const redact = (batch: S[]) =>
      batch.map((span) => {
        if (spanSettled(span, this.identity, this.rules)) return this.origins.apply(span);
        const redaction = spanRedaction(span, this.rules);
        if (redaction !== undefined) countRedactions(this, 'spans', redaction.count);
        return this.origins.apply(redaction === undefined ? span : redactedSpanView(span, redaction));
      });
    exportRedacted(this.#exporter, spans, redact, 'spans', resultCallback);
  }

  shutdown(): Promise<void> {
    return this.#exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#exporter.forceFlush?.() ?? Promise.resolve();
  }
}
