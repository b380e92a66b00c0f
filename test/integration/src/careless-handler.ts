// The request handler of a careless service: it puts the caller's token everywhere an application
// could (span and event attributes, an exception, a span name, a log record, a query string, a cookie),
// so that the test can show none of it leaves the process through telemetry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, type Logger, trace } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';
import type { ServiceName } from './protocol.ts';

type Http = typeof import('node:http');

export interface CarelessReply {
  readonly service: ServiceName;
  readonly traceId: string;
  readonly result: string;
  readonly subjectVerdict: string | undefined;
  readonly downstream: CarelessReply | null;
}

export function createCarelessHandler(
  http: Http,
  name: ServiceName,
  next: string | undefined,
  logger: Logger,
) {
  const tracer = trace.getTracer('careless-app');
  return (request: IncomingMessage, response: ServerResponse): void => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : header;
    const span = trace.getActiveSpan();
    span?.setAttribute('app.token', token);
    span?.setAttribute('app.request_url', request.url ?? '');
    span?.addEvent('app.auth_seen', { 'app.token': token, 'app.authorization': header });
    span?.recordException(new Error(`token rejected by policy: ${token}`));
    tracer.startActiveSpan(`check ${token}`, (child) => {
      child.setAttribute('app.token_segments', token.split('.'));
      child.end();
    });
    logger.emit({
      body: `handling ${request.url} with ${header}`,
      severityText: 'INFO',
      attributes: { 'app.token': token, 'app.cookie': String(request.headers.cookie ?? '') },
    });
    const auth = getAuth(context.active());
    const reply = (downstream: CarelessReply | null) => {
      const body: CarelessReply = {
        service: name,
        traceId: span?.spanContext().traceId ?? '',
        result: auth?.result.status ?? 'none',
        subjectVerdict: auth?.subjectVerdict,
        downstream,
      };
      response.setHeader('set-cookie', `session=${token}; HttpOnly`);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(body));
    };
    if (next === undefined) {
      reply(null);
      return;
    }
    const query = `access_token=${token}&id_token=${token}&code=${token}`;
    const outgoing = http.get(
      `${next}/orders?${query}`,
      { headers: { authorization: header, cookie: `session=${token}` } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => reply(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CarelessReply));
      },
    );
    outgoing.on('error', () => reply(null));
  };
}
