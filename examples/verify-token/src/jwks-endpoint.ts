import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** A stand-in for an identity provider's JWKS endpoint, on loopback with an ephemeral port. */
export async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server }> {
  const body = JSON.stringify({ keys });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'max-age=300' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/jwks`, server };
}
