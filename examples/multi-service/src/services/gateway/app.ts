// The edge gateway: receives the shop's requests from the internet and passes them on to orders.
import { BEHAVIOUR_HEADER, ROUTES } from '../../protocol.ts';
import { callService } from '../shared/http-call.ts';
import { combinedStatus, serveRoute } from '../shared/request-loop.ts';
import { hostService } from '../shared/service-host.ts';
import { downstreamOrigin, serviceSettings } from '../shared/settings.ts';
import { jwt, sdk } from './telemetry.ts';

const orders = `${downstreamOrigin(serviceSettings(), 'orders')}${ROUTES.orders}`;

await hostService({
  jwt,
  sdk,
  handler: (http) =>
    serveRoute('gateway', ROUTES.checkout, async (request) => {
      const behaviour = request.headers[BEHAVIOUR_HEADER];
      // The gateway forwards the caller's token itself; baggage and the subject proof are otel-jwt's.
      const { status, reply } = await callService(http, orders, {
        ...(request.headers.authorization === undefined
          ? {}
          : { authorization: request.headers.authorization }),
        ...(behaviour === undefined ? {} : { [BEHAVIOUR_HEADER]: behaviour }),
      });
      return {
        status: combinedStatus([status]),
        downstream: reply.hops,
        ...(reply.error ? { error: reply.error } : {}),
      };
    }),
});
