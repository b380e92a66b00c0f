// A test identity provider on 127.0.0.1: ES256 key pairs made with jose, a JWKS endpoint the tests
// can take down, bring back, slow down or rotate, and tokens minted at run time.
import { KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const ISSUER = 'https://idp.resilience.test';
export const AUDIENCE = 'orders';

interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export class TestIdp {
  /** Delay before the JWKS answer, in milliseconds. */
  delayMs = 0;
  /** Cache-Control of the JWKS answer (drives the verifier's refresh interval); none when undefined. */
  cacheControl: string | undefined;
  /** JWKS requests received, and those answered. */
  hits = 0;
  answered = 0;
  private readonly keys = new Map<string, SigningKey>();
  private published: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private port = 0;

  get jwksUri(): string {
    return `http://127.0.0.1:${this.port}/jwks`;
  }

  /** Creates a key pair; published in the JWKS only once {@link publish} names it. */
  async createKey(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    this.keys.set(kid, {
      privateKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    });
  }

  publish(...kids: string[]): void {
    this.published = kids;
  }

  /** A valid access token for user `n`, signed with key `kid` (its key need not be published). */
  mint(kid: string, n: number): Promise<string> {
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error(`no key ${kid}`);
    return new SignJWT({ sub: `user-${n}`, roles: ['buyer'], tenant: `t${n % 7}` })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  /** The private key of `kid` as a node:crypto key, to sign many tokens fast. */
  signingKey(kid: string): KeyObject {
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error(`no key ${kid}`);
    return KeyObject.from(key.privateKey);
  }

  mintMany(kid: string, count: number, from = 0): Promise<string[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => this.mint(kid, from + i)));
  }

  /** Starts listening (again, on the same port after {@link down}). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      this.hits++;
      const body =
        req.url === '/jwks'
          ? JSON.stringify({ keys: this.published.map((kid) => this.keys.get(kid)?.publicJwk) })
          : '{}';
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (this.cacheControl !== undefined) headers['cache-control'] = this.cacheControl;
      const send = () => {
        this.answered++;
        res.writeHead(req.url === '/jwks' ? 200 : 404, headers).end(body);
      };
      if (this.delayMs <= 0) return send();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, this.delayMs);
      this.timers.add(timer);
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The outage: no listener (connections refused), open connections and pending answers dropped. */
  async down(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function startIdp(kids: readonly string[]): Promise<TestIdp> {
  const idp = new TestIdp();
  for (const kid of kids) await idp.createKey(kid);
  idp.publish(...kids);
  await idp.up();
  return idp;
}
