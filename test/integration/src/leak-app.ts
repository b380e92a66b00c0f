// The careless application of the leak-classes test: one route per class of carelessness, each doing
// what real applications do with credentials (leak-app-*.ts), then answering with what `getAuth` said
// and how its outgoing calls went.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { inboundContext, origin } from './leak-app-context.ts';
import { encoded } from './leak-app-encoded.ts';
import { handed } from './leak-app-handed.ts';
import type { HandlerKit, LeakHandler } from './leak-app-kit.ts';
import { late, metered, sends } from './leak-app-own.ts';
import type { LeakReply, LeakRoute } from './leak-protocol.ts';
import type { LeakTelemetry } from './leak-sdk-parts.ts';

const HANDLERS: Readonly<Record<LeakRoute, LeakHandler>> = {
  '/handed': handed,
  '/sends': sends,
  '/encoded': encoded,
  '/context': inboundContext,
  '/late': late,
  '/metrics': metered,
  '/origin': origin,
};

export function createLeakApp(kit: HandlerKit, readAuth: LeakTelemetry['readAuth']) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const route = new URL(request.url ?? '/', 'http://app.invalid').pathname;
    const handler = Object.hasOwn(HANDLERS, route) ? HANDLERS[route as LeakRoute] : undefined;
    if (handler === undefined) {
      response.writeHead(404).end();
      return;
    }
    const auth = readAuth();
    const answer = (status: number, results: readonly boolean[]) => {
      const body: LeakReply = {
        route,
        auth,
        calls: results.length,
        failedCalls: results.filter((ok) => !ok).length,
      };
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    handler(kit, request, trace.getActiveSpan()).then(
      (results) => answer(200, results),
      () => answer(500, []),
    );
  };
}
