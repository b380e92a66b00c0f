// Entry spans for the span-processor cases of bench/telemetry.bench.ts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type Attributes, type Context, SpanKind, type Tracer } from '@opentelemetry/api';
import type { StartedSpan } from '../src/index.ts';

/** Attributes `@opentelemetry/instrumentation-http` puts on a server span when it starts it. */
const SERVER_SPAN_ATTRIBUTES: Attributes = Object.freeze({
  'http.request.method': 'GET',
  'url.scheme': 'http',
  'url.path': '/orders/1234',
  'server.address': 'a.internal',
  'server.port': 8080,
  'network.peer.address': '10.0.0.7',
  'network.peer.port': 53412,
  'network.protocol.version': '1.1',
  'user_agent.original': 'orders-web/1.0',
});

/** A span as the processor gets it, with the attributes it ended up with. */
export type EntrySpan = StartedSpan & { readonly attributes: Attributes };

export interface SpanSource {
  /** What the spans are, printed with the results. */
  readonly label: string;
  /** A new entry (server) span whose parent is the remote one in `parent`, as instrumentation-http starts it. */
  start(parent: Context): EntrySpan;
}

interface SdkTrace {
  TracerProvider: new (options?: { spanProcessors?: unknown[] }) => { getTracer(name: string): Tracer };
}

/**
 * Real SDK 3.x spans when `@opentelemetry/sdk-trace` can be reached: it is not a dependency of this
 * package, but of its devDependency `@opentelemetry/sdk-node`, so it is resolved from there (its ESM entry,
 * so that it shares `@opentelemetry/api` with the built package). Otherwise a minimal stand-in.
 */
export async function spanSource(): Promise<SpanSource> {
  try {
    const fromSdkNode = createRequire(createRequire(import.meta.url).resolve('@opentelemetry/sdk-node'));
    const cjsEntry = fromSdkNode.resolve('@opentelemetry/sdk-trace');
    const root = cjsEntry.slice(0, cjsEntry.lastIndexOf('/dist/'));
    const manifest = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
    const esmEntry = manifest.exports['.'].default.default as string;
    const sdk = (await import(pathToFileURL(`${root}/${esmEntry}`).href)) as SdkTrace;
    // No span processors: only the JwtSpanProcessor's own onStart is timed, called by the benchmark.
    const tracer = new sdk.TracerProvider({ spanProcessors: [] }).getTracer('bench');
    return {
      label: `real SDK spans (@opentelemetry/sdk-trace ${manifest.version} TracerProvider, via sdk-node)`,
      start: (parent) =>
        tracer.startSpan(
          'GET /orders/:id',
          { kind: SpanKind.SERVER, attributes: SERVER_SPAN_ATTRIBUTES },
          parent,
        ) as never,
    };
  } catch (error) {
    return {
      label: `a minimal stand-in span (setAttributes/addEvent into a plain object): @opentelemetry/sdk-trace not loadable (${(error as Error).message})`,
      start: () => new StandInSpan(),
    };
  }
}

class StandInSpan {
  readonly attributes: Attributes = { ...SERVER_SPAN_ATTRIBUTES };
  readonly events: { name: string; attributes: Attributes | undefined }[] = [];
  setAttributes(attributes: Attributes): this {
    for (const key of Object.keys(attributes)) this.attributes[key] = attributes[key];
    return this;
  }
  addEvent(name: string, attributes?: Attributes): this {
    this.events.push({ name, attributes });
    return this;
  }
}
