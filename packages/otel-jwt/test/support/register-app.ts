// A tiny application for `node --import otel-jwt/register test/support/register-app.ts` (Node runs the
// TypeScript by stripping types). It knows nothing of otel-jwt: it serves HTTP, and carelessly logs the
// Authorization header of each request through the OpenTelemetry logs API.
// REGISTER_APP_STOP_ON_SIGTERM=1: it closes its server on SIGTERM and ends when the event loop is empty.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logs } from '@opentelemetry/api';

const logger = logs.getLogger('register-app');
const server = createServer((request, response) => {
  logger.emit({ body: `request with ${request.headers.authorization ?? 'no credentials'}` });
  response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});

if (process.env.REGISTER_APP_STOP_ON_SIGTERM === '1') {
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

server.listen(0, '127.0.0.1', () => {
  // The test reads the port from this line, which also shows that the application started, and whether
  // something (otel-jwt's admission step) put its own emit on the server.
  const wrapped = Object.hasOwn(server, 'emit') ? ' (emit wrapped)' : '';
  console.log(`listening ${(server.address() as AddressInfo).port}${wrapped}`);
});
