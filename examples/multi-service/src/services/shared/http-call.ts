// Outgoing calls of a service, through the `http` module instrumentation-http patched (so each call is a
// client span, and otel-jwt's inject adds trace context, baggage and the subject proof).
import type * as Http from 'node:http';
import type { ServiceReply } from '../../protocol.ts';

/** Bounds every outgoing call: a stuck service fails the request instead of hanging it. */
const CALL_TIMEOUT_MS = 5_000;

export interface CallResult {
  readonly status: number;
  readonly json: unknown;
}

export function postJson(
  http: typeof Http,
  url: string,
  headers: Http.OutgoingHttpHeaders,
  body = '',
): Promise<CallResult> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-length': Buffer.byteLength(body), ...headers },
        timeout: CALL_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: parse(chunks) }));
        response.on('error', (error) => resolve({ status: 0, json: { error: error.message } }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${CALL_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve({ status: 0, json: { error: error.message } }));
    request.end(body);
  });
}

/** Calls another demo service and returns its reply (a failed call becomes a reply with an error). */
export async function callService(
  http: typeof Http,
  url: string,
  headers: Http.OutgoingHttpHeaders,
): Promise<{ readonly status: number; readonly reply: ServiceReply }> {
  const { status, json } = await postJson(http, url, headers);
  const reply = json as Partial<ServiceReply> | undefined;
  return {
    status,
    reply: {
      traceId: reply?.traceId ?? '',
      hops: Array.isArray(reply?.hops) ? reply.hops : [],
      ...(typeof reply?.error === 'string' ? { error: reply.error } : {}),
    },
  };
}

export function respond(response: Http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function parse(chunks: Buffer[]): unknown {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
