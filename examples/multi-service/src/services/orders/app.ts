// orders: places an order by reserving stock at inventory and charging at payments, in parallel.
// The driver can make it misbehave (x-demo-behaviour), to show what otel-jwt records when a hop does.
import type * as Http from 'node:http';
import { trace } from '@opentelemetry/api';
import { BEHAVIOUR_HEADER, ROUTES, SERVICE_ENV } from '../../protocol.ts';
import { callService } from '../shared/http-call.ts';
import { combinedStatus, serveRoute } from '../shared/request-loop.ts';
import { hostService } from '../shared/service-host.ts';
import { downstreamOrigin, required, serviceSettings } from '../shared/settings.ts';
import { createIdpClient, type IdpClient } from './idp-client.ts';
import { jwt, sdk } from './telemetry.ts';
import { createTokenCache } from './token-cache.ts';

const settings = serviceSettings();
const inventory = `${downstreamOrigin(settings, 'inventory')}${ROUTES.reserve}`;
const payments = `${downstreamOrigin(settings, 'payments')}${ROUTES.charge}`;
const tracer = trace.getTracer('orders');
const cache = createTokenCache();

function handler(http: typeof Http): Http.RequestListener {
  const idp = createIdpClient(http, {
    tokenEndpoint: required(SERVICE_ENV.tokenEndpoint),
    clientId: 'orders-service',
    clientSecret: required(SERVICE_ENV.clientSecret),
    resource: settings.audience,
  });
  return serveRoute('orders', ROUTES.orders, (request, verdict) =>
    tracer.startActiveSpan('place order', async (span) => {
      try {
        const authorization = request.headers.authorization ?? '';
        if (verdict.subject !== undefined) cache.remember(verdict.subject, authorization);
        const behaviour = request.headers[BEHAVIOUR_HEADER];
        const [stock, charge] = await Promise.all([
          // drop-token: the call to inventory forgets the Authorization header.
          callService(http, inventory, behaviour === 'drop-token' ? {} : { authorization }),
          callService(http, payments, {
            authorization: await paymentsAuthorization(idp, behaviour, authorization, verdict.subject),
          }),
        ]);
        return {
          status: combinedStatus([stock.status, charge.status]),
          downstream: [...stock.reply.hops, ...charge.reply.hops],
        };
      } finally {
        span.end();
      }
    }),
  );
}

async function paymentsAuthorization(
  idp: IdpClient,
  behaviour: string | string[] | undefined,
  authorization: string,
  subject: string | undefined,
): Promise<string> {
  // swap-token: another user's token from the cache, as a stale shared client would send.
  if (behaviour === 'swap-token') return cache.someoneElse(String(subject)) ?? authorization;
  // delegate: orders acts for the user at payments with an exchanged token (RFC 8693 `act`).
  if (behaviour === 'delegate') return `Bearer ${await idp.exchange(authorization.replace(/^Bearer /i, ''))}`;
  return authorization;
}

await hostService({ jwt, sdk, handler });
