// A tiny ES-module application for `node --import otel-jwt/register`, knowing nothing of otel-jwt: it
// imports node:http at the top and calls the next hop with the global fetch.
// NEXT_HOP set: each request is answered with the next hop's answer to a fetch of NEXT_HOP.
// NEXT_HOP unset: each request is answered with the number of Authorization headers it carried.
import { createServer } from 'node:http';

const next = process.env.NEXT_HOP;

const server = createServer(async (request, response) => {
  if (next === undefined) {
    const raw = request.rawHeaders;
    const count = raw.filter((name, at) => at % 2 === 0 && name.toLowerCase() === 'authorization').length;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ authorization: count }));
    return;
  }
  try {
    const answer = await fetch(next, { signal: AbortSignal.timeout(5_000) });
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  } catch {
    response.writeHead(502).end();
  }
});

server.listen(0, '127.0.0.1', () => {
  // The test reads the port from this line, which also shows that the application started.
  console.log(`listening ${server.address().port}`);
});
