// The app of a matrix service, whatever the framework: report what otel-jwt told it, then make the next
// call of the plan through the service's client.
import { type Context, context, propagation, trace } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';
import { summarise } from './hop-handler.ts';
import type { Downstream, HopResponse, HopStep, ServiceName } from './protocol.ts';

/** What a server adapter read from one inbound request. */
export interface InboundHop {
  /** The context where the framework ran the handler: the server span's, with what the propagator extracted. */
  readonly active: Context;
  readonly plan: readonly HopStep[];
  /** The first Authorization header (gRPC: metadata entry), which `'keep'` copies. */
  readonly authorization: string | undefined;
  /** How many Authorization headers (entries) arrived. */
  readonly authorizations: number;
}

/** One outgoing call: `step.url` with `headers` (Authorization already resolved), the rest of the plan along. */
export type HopClient = (
  step: HopStep,
  headers: Readonly<Record<string, string>>,
  rest: readonly HopStep[],
) => Promise<Downstream>;

export async function answerHop(
  service: ServiceName,
  client: HopClient,
  inbound: InboundHop,
): Promise<HopResponse> {
  const { active } = inbound;
  // A child INTERNAL span, as in hop-handler.ts, so the handler's view is the same.
  const auth = trace.getTracer('test').startActiveSpan('handler-work', {}, active, (span) => {
    const summary = summarise(getAuth(context.active()));
    span.end();
    return summary;
  });
  const entries = propagation.getBaggage(active)?.getAllEntries() ?? [];
  const baggage = Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]));
  const baggageMetadata = Object.fromEntries(
    entries.flatMap(([key, entry]) =>
      entry.metadata === undefined ? [] : [[key, entry.metadata.toString()]],
    ),
  );
  const traceId = trace.getSpan(active)?.spanContext().traceId ?? '';
  const [next, ...rest] = inbound.plan;
  const downstream =
    next === undefined
      ? null
      : await context.with(active, () => client(next, outgoingHeaders(next, inbound.authorization), rest));
  return {
    service,
    traceId,
    auth,
    baggage,
    baggageMetadata,
    downstream,
    authorizations: inbound.authorizations,
  };
}

function outgoingHeaders(step: HopStep, inbound: string | undefined): Record<string, string> {
  const authorization =
    step.authorization === 'keep' ? inbound : step.authorization === 'none' ? undefined : step.authorization;
  return { ...step.headers, ...(authorization === undefined ? {} : { authorization }) };
}

/** Authorization headers in a `rawHeaders` list (node:http keeps duplicates there). */
export function countAuthorization(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'authorization') count += 1;
  }
  return count;
}
