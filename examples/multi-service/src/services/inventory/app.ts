// inventory: reserves stock for the order.
import { trace } from '@opentelemetry/api';
import { ROUTES } from '../../protocol.ts';
import { serveRoute } from '../shared/request-loop.ts';
import { hostService } from '../shared/service-host.ts';
import { jwt, sdk } from './telemetry.ts';

const tracer = trace.getTracer('inventory');

await hostService({
  jwt,
  sdk,
  handler: () =>
    serveRoute('inventory', ROUTES.reserve, async () =>
      tracer.startActiveSpan('reserve stock', (span) => {
        span.end();
        return { status: 200 };
      }),
    ),
});
