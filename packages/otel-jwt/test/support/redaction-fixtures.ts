import { type Attributes, context, type Span, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { JwtSpanProcessor } from '../../src/index.js';
import { stringsOf } from './leak-scanner.js';

type SdkProcessor = NonNullable<ConstructorParameters<typeof TracerProvider>[0]>['spanProcessors'] extends
  | (infer P)[]
  | undefined
  ? P
  : never;

/**
 * A real SDK 3.x tracer whose ended spans land in `exporter`; `before` and `after` are registered
 * around the exporting processor (by default a JwtSpanProcessor before it).
 */
export function sdkTracer(
  before: readonly SdkProcessor[] = [new JwtSpanProcessor() as SdkProcessor],
  after: readonly SdkProcessor[] = [],
) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [...before, new SimpleSpanProcessor({ exporter }), ...after],
  });
  return { tracer: provider.getTracer('redaction-test'), exporter, provider };
}

/** The spans exported so far, once the exporting processor has flushed. */
export async function finished(
  exporter: InMemorySpanExporter,
  provider: TracerProvider,
): Promise<ReadableSpan[]> {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** Every string of an exported span: name, attributes (keys too), events, links and status. */
export function spanStrings(span: ReadableSpan): string[] {
  return [
    span.name,
    ...stringsOf(span.attributes),
    ...span.events.flatMap((event) => [event.name, ...stringsOf(event.attributes ?? {})]),
    ...span.links.flatMap((link) => stringsOf(link.attributes ?? {})),
    span.status.message ?? '',
  ];
}

/**
 * What a careless application does with a token on one span: as attributes (flat, in an array and nested),
 * as an event attribute, in a recorded exception, in a link, in the status message and in the name.
 */
export function carelessSpan(tracer: ReturnType<typeof sdkTracer>['tracer'], token: string): void {
  const linked = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
  const span: Span = tracer.startSpan(`GET /orders?access_token=${token}`, {
    links: [{ context: linked.spanContext(), attributes: { 'app.token_copy': `copy ${token}` } }],
  });
  const attributes: Attributes = {
    'app.note': `got ${token}`,
    'app.list': ['fine', token],
    'http.request.header.authorization': [`Bearer ${token}`],
    'http.request.header.cookie': [`session=${token}`],
    'url.full': `https://shop.example/cb?code=xyz&id_token=${token}`,
  };
  span.setAttributes(attributes);
  span.setAttribute('app.nested', { request: { auth: token } } as never);
  span.addEvent('token.seen', { 'app.event_token': token });
  span.addLink({ context: linked.spanContext(), attributes: { 'app.link_token': token } });
  span.recordException(new Error(`invalid token ${token}`));
  span.setStatus({ code: 2, message: `rejected ${token}` });
  context.with(trace.setSpan(context.active(), span), () => span.end());
}
