// The gateway of the service under fault: forwards a request's Authorization header (and its stream tag)
// to an upstream on loopback through the instrumented `http` (so the outgoing-span hook sees, and
// remembers, it) and reports whether the upstream answered 200. An upstream URL with a path is called on
// that path: a service forwarding to another's FORWARD_PATH makes a chain.
import type * as Http from 'node:http';
import { STREAM_HEADER } from './protocol.ts';

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
    const stream = request.headers[STREAM_HEADER];
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        agent,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(typeof stream === 'string' ? { [STREAM_HEADER]: stream } : {}),
        },
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
