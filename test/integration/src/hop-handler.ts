// The app of each test service: report what otel-jwt told it, then make the next call of the plan.
import type * as Http from 'node:http';
import { type Context, context, propagation, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';
import { decodePlan, encodePlan } from './hop-plan.ts';
import {
  type AuthSummary,
  CARELESS_HEADER,
  type Downstream,
  type HopResponse,
  type HopStep,
  PLAN_HEADER,
  type ServiceName,
} from './protocol.ts';

/** Bounds a downstream call, so a stuck hop fails the scenario instead of hanging it. */
const DOWNSTREAM_TIMEOUT_MS = 5_000;

/** `http` is passed in: it must be the module instance instrumentation-http patched. */
export function createHopHandler(http: typeof Http, service: ServiceName): Http.RequestListener {
  return (request, response) => {
    // Taken synchronously: the server span's context, with what the propagator extracted.
    const active = context.active();
    handle(http, service, active, request, response).catch((error: unknown) =>
      respond(response, 500, { error: String(error) }),
    );
  };
}

async function handle(
  http: typeof Http,
  service: ServiceName,
  active: Context,
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
): Promise<void> {
  for await (const _chunk of request) {
    // Drained only: bodies carry nothing here.
  }
  if (!request.url?.startsWith('/hop')) return respond(response, 404, { error: 'not found' });
  // A child INTERNAL span, so the attributes copied onto child spans can be asserted.
  const auth = trace.getTracer('test').startActiveSpan('handler-work', (span) => {
    const summary = summarise(getAuth(context.active()));
    if (request.headers[CARELESS_HEADER] === 'token') {
      spreadToken(trace.getSpan(active), request.headers.authorization);
      spreadToken(span, request.headers.authorization);
    }
    span.end();
    return summary;
  });
  const entries = propagation.getBaggage(active)?.getAllEntries() ?? [];
  const baggage = Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]));
  const traceId = trace.getSpan(active)?.spanContext().traceId ?? '';
  const [next, ...rest] = decodePlan(request.headers[PLAN_HEADER]);
  const downstream =
    next === undefined
      ? null
      : await context.with(active, () => callNext(http, next, rest, request.headers.authorization));
  const body: HopResponse = { service, traceId, auth, baggage, downstream };
  respond(response, 200, body);
}

/** What a careless app does with the caller's token: an attribute, an event, an exception, the status. */
function spreadToken(span: Span | undefined, authorization: string | undefined): void {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  span?.setAttribute('app.token', token);
  span?.addEvent('app.token_seen', { 'app.authorization': authorization ?? '' });
  span?.recordException(new Error(`token rejected: ${token}`));
  span?.setStatus({ code: SpanStatusCode.ERROR, message: `bad token ${token}` });
}

/** `getAuth`'s answer in the JSON form of HopResponse. */
export function summarise(auth: ReturnType<typeof getAuth>): AuthSummary | null {
  if (auth === undefined) return null;
  const { result } = auth;
  const sub = result.status === 'valid' ? result.claims.sub : undefined;
  return {
    status: result.status,
    ...('code' in result ? { code: result.code } : {}),
    ...(sub === undefined ? {} : { sub }),
    ...(auth.subjectVerdict === undefined ? {} : { subjectVerdict: auth.subjectVerdict }),
    removedBaggageKeys: [...auth.removedBaggageKeys],
    ...(auth.removalReason === undefined ? {} : { removalReason: auth.removalReason }),
  };
}

/** The `http.request` client of a hop: the step's headers and Authorization, the rest of the plan in a header. */
export function callNext(
  http: typeof Http,
  step: HopStep,
  rest: readonly HopStep[],
  inboundAuthorization: string | undefined,
): Promise<Downstream> {
  const headers: Record<string, string> = { ...step.headers };
  if (rest.length > 0) headers[PLAN_HEADER] = encodePlan(rest);
  const authorization =
    step.authorization === 'keep'
      ? inboundAuthorization
      : step.authorization === 'none'
        ? undefined
        : step.authorization;
  if (authorization !== undefined) headers.authorization = authorization;
  return new Promise((resolve) => {
    try {
      const outgoing = http.request(
        step.url,
        { method: 'GET', headers, timeout: DOWNSTREAM_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve(parseDownstream(res.statusCode, Buffer.concat(chunks).toString('utf8'))),
          );
          res.on('error', (error) => resolve({ error: error.message }));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('downstream timeout')));
      outgoing.on('error', (error) => resolve({ error: error.message }));
      outgoing.end();
    } catch (error) {
      // Node's client refuses some header values synchronously (ERR_INVALID_CHAR).
      resolve({ error: String(error) });
    }
  });
}

function parseDownstream(status: number | undefined, text: string): Downstream {
  try {
    return JSON.parse(text) as Downstream;
  } catch {
    return { error: `status ${status}: not JSON` };
  }
}

function respond(response: Http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
