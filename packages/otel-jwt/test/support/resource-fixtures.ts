import type { Attributes } from '@opentelemetry/api';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';

/** The SDK's resource type, as the trace, logs and metrics providers take it. */
export type SdkResource = ReadableSpan['resource'];

/**
 * A real SDK resource (the trace SDK's default, merged by the SDK's own `merge`) that also holds
 * `attributes`, as `OTEL_RESOURCE_ATTRIBUTES` or a detector would give them.
 */
export function resourceWith(attributes: Attributes): SdkResource {
  const probe = new TracerProvider().getTracer('probe').startSpan('probe') as unknown as ReadableSpan;
  const base = probe.resource;
  const extra = Object.create(base, { getRawAttributes: { value: () => Object.entries(attributes) } });
  return base.merge(extra as SdkResource);
}
