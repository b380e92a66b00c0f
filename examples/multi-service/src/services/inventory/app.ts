// inventory: reserves stock for the order.
import { trace } from '@opentelemetry/api';
import { serveRoute } from '../shared/request-loop.ts';
import { hostService } from '../shared/service-host.ts';
import { jwt, sdk } from './telemetry.ts';

const tracer = trace.getTracer('inventory');

await hostService({
  jwt,
  sdk,
  handler: () =>
    serveRoute('inventory', '/reserve', async () =>
      tracer.startActiveSpan('reserve stock', (span) => {
        span.end();
        return { status: 200 };
      }),
    ),
});
