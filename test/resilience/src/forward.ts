// The gateway of the service under fault: forwards a request's Authorization header to an upstream on
// loopback through the instrumented `http` (so the outgoing-span hook sees, and remembers, it) and
// reports whether the upstream answered 200.
import type * as Http from 'node:http';

export type Forward = (request: Http.IncomingMessage, done: (ok: boolean) => void) => void;

export function forwarder(http: typeof Http, upstream: string): Forward {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  return (request, reply) => {
    let replied = false;
    const done = (ok: boolean) => {
      if (replied) return;
      replied = true;
      reply(ok);
    };
    const authorization = request.headers.authorization;
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: '/',
        agent,
        headers: authorization === undefined ? {} : { authorization },
      },
      (answer) => {
        answer.resume();
        answer.once('end', () => done(answer.statusCode === 200));
        answer.once('error', () => done(false));
      },
    );
    outgoing.once('error', () => done(false));
    outgoing.end();
  };
}
