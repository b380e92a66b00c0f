// An ESM service: named imports of node:http at the top, the next hop called with global fetch.
import { createServer } from 'node:http';
import { context } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';

const { next } = JSON.parse(process.env.OTEL_JWT_TEST_ESM ?? 'null');

const server = createServer(async (request, response) => {
  const auth = getAuth(context.active());
  const summary =
    auth === undefined ? null : { status: auth.result.status, subjectVerdict: auth.subjectVerdict };
  let downstream = null;
  if (next !== undefined) {
    const reply = await fetch(next, { headers: { authorization: request.headers.authorization ?? '' } });
    downstream = await reply.json();
  }
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ auth: summary, downstream }));
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
