// The request listener every demo app uses: one route, the auth gate, errors as JSON.
import type * as Http from 'node:http';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { HopReport, ServiceName, ServiceReply } from '../../protocol.ts';
import { currentTraceId, currentVerdict, type Verdict } from './hop-report.ts';
import { respond } from './http-call.ts';

export interface Answer {
  readonly status: number;
  /** Reports of the services this one called, after its own. */
  readonly downstream?: readonly HopReport[];
  readonly error?: string;
}

export type Work = (request: Http.IncomingMessage, verdict: Verdict) => Promise<Answer>;

/**
 * Serves `POST <path>`: refuses a request whose token did not verify (401; 503 while its key is not
 * loaded), otherwise runs `work`, and answers with the hop reports.
 */
export function serveRoute(service: ServiceName, path: string, work: Work): Http.RequestListener {
  return (request, response) => {
    // Read synchronously, in the server span's context, where the propagator left its verdict.
    const verdict = currentVerdict(service);
    const traceId = currentTraceId();
    const answer = (status: number, rest: Omit<Answer, 'status'> = {}) => {
      const body: ServiceReply = {
        traceId,
        hops: [{ ...verdict.report, status }, ...(rest.downstream ?? [])],
        ...(rest.error === undefined ? {} : { error: rest.error }),
      };
      respond(response, status, body);
    };
    request.resume();
    if (request.method !== 'POST' || request.url !== path) return answer(404, { error: 'not found' });
    // The matched route, handed to instrumentation-http the way the Express and Fastify instrumentations
    // hand theirs: it records `http.route` and names the server span `POST <route>` when the response ends
    // (refusals included), and the request duration metric gets the route too.
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP) rpc.route = path;
    if (verdict.refusal !== undefined) {
      if (verdict.refusal === 503) response.setHeader('retry-after', '1');
      return answer(verdict.refusal);
    }
    work(request, verdict).then(
      ({ status, ...rest }) => answer(status, rest),
      (error: unknown) => answer(500, { error: error instanceof Error ? error.message : 'failed' }),
    );
  };
}

/** The status a caller answers with after its downstream calls: 503 passes on (retry), others are 502. */
export function combinedStatus(statuses: readonly number[]): number {
  if (statuses.every((status) => status >= 200 && status < 300)) return 200;
  return statuses.includes(503) ? 503 : 502;
}
