import { type Context, trace } from '@opentelemetry/api';

/**
 * The context without the inbound tracestate members holding token material. The SDK copies the parent's
 * tracestate onto every span of the trace (and links), and the stock propagator forwards it to every
 * destination, trusted or not: a client that puts a token there must not get it recorded or sent on.
 */
export function withoutTokenTraceState(context: Context, tokenMaterial: (text: string) => boolean): Context {
  const spanContext = trace.getSpanContext(context);
  const traceState = spanContext?.traceState;
  if (spanContext === undefined || traceState === undefined) return context;
  const serialized = traceState.serialize();
  // No member is long enough to hold a piece: the common case costs one length check.
  if (serialized.length < 16) return context;
  let kept = traceState;
  for (const member of serialized.split(',')) {
    const eq = member.indexOf('=');
    if (eq < 0) continue;
    const key = member.slice(0, eq).trim();
    if (tokenMaterial(key) || tokenMaterial(member.slice(eq + 1).trim())) kept = kept.unset(key);
  }
  return kept === traceState ? context : trace.setSpanContext(context, { ...spanContext, traceState: kept });
}
