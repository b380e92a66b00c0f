// payments: charges the order. Its audit log line is careless on purpose (it includes the caller's
// Authorization header); otel-jwt's log record processor redacts it before export.
import { logs, trace } from '@opentelemetry/api';
import { ROUTES } from '../../protocol.ts';
import { serveRoute } from '../shared/request-loop.ts';
import { hostService } from '../shared/service-host.ts';
import { jwt, sdk } from './telemetry.ts';

const tracer = trace.getTracer('payments');
const audit = logs.getLogger('payments-audit');

await hostService({
  jwt,
  sdk,
  handler: () =>
    serveRoute('payments', ROUTES.charge, async (request) =>
      tracer.startActiveSpan('charge card', (span) => {
        audit.emit({
          severityText: 'INFO',
          body: `charge accepted; caller sent ${request.headers.authorization ?? 'no credentials'}`,
        });
        span.end();
        return { status: 200 };
      }),
    ),
});
