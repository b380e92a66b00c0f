// Class 4: the inbound trace context, which the SDK copies onto spans and links and the stock propagators
// send on; the application also records it and calls the sinks with every client. Class 7: spans, log
// records and a metric of the scopes the application named with a token.
import { context, propagation } from '@opentelemetry/api';
import type { LeakHandler } from './leak-app-kit.ts';

export const inboundContext: LeakHandler = async ({ app, clients }, _request, span) => {
  const spanContext = span?.spanContext();
  app.tracer
    .startSpan('app.follow-up', { links: spanContext === undefined ? [] : [{ context: spanContext }] })
    .end();
  const traceState = spanContext?.traceState?.serialize() ?? '';
  const baggage = (propagation.getBaggage(context.active())?.getAllEntries() ?? [])
    .map(
      ([key, entry]) =>
        `${key}=${entry.value}${entry.metadata === undefined ? '' : `;${entry.metadata.toString()}`}`,
    )
    .join(',');
  span?.setAttribute('app.inbound_tracestate', traceState);
  span?.setAttribute('app.inbound_baggage', baggage);
  app.logger.emit({ body: `inbound context: ${traceState} | ${baggage}` });
  return [await clients.http('/forward'), await clients.fetch('/forward'), await clients.grpc()];
};

export const origin: LeakHandler = async ({ named }) => {
  named.tracer.startSpan('app.scoped').end();
  named.logger.emit({ body: 'scoped record' });
  named.meter.createCounter('app.scoped_requests').add(1);
  return [];
};
