// The upstream behind the gateway, on 127.0.0.1 in the test process: answers everything with 200 and
// counts the requests and the Authorization values it was sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  readonly url: string;
  /** Requests received, and those that carried an Authorization header. */
  readonly counts: { requests: number; withAuthorization: number };
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const counts = { requests: 0, withAuthorization: 0 };
  const server = createServer((req, res) => {
    counts.requests++;
    if (req.headers.authorization !== undefined) counts.withAuthorization++;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
  });
  // No idle timeout: a keep-alive socket the server closed just as the gateway reused it would fail a
  // forwarded request for a reason of the test's own making.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
