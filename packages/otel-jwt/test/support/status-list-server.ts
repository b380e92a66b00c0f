import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { LoopbackServer } from './loopback-server.js';

// A status list issuer on 127.0.0.1 (draft-ietf-oauth-status-list): signed status list tokens under
// LISTS_PATH and the issuer's key set under JWKS_PATH, both changed by the tests at run time. Usable by
// the unit tests of src/revocation, verifier-level tests (issuer `keys: { type: 'jwks-uri', jwksUri }`,
// `statusList: { allowedUris: [server.listsPrefix] }`) and the demo's tests.

export type ListBits = 1 | 2 | 4 | 8;

/** A signing key made at run time, with its public JWK as the issuer's key set publishes it. */
export interface ListSigningKey {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  readonly jwk: JWK;
}

export async function makeListKey(kid: string): Promise<ListSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid,
    alg: 'ES256',
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

/** Reference encoder (draft §4.1): entry i in bits `(i*bits) % 8` upward of byte `floor(i*bits/8)`. */
export function packStatuses(statuses: readonly number[], bits: ListBits): Buffer {
  const bytes = Buffer.alloc(Math.ceil((statuses.length * bits) / 8));
  statuses.forEach((status, i) => {
    const bit = i * bits;
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | ((status & ((1 << bits) - 1)) << (bit % 8));
  });
  return bytes;
}

/** The `lst` of a byte array: base64url of its ZLIB stream. */
export const lstOf = (bytes: Uint8Array): string => deflateSync(bytes, { level: 9 }).toString('base64url');

let zeroSegment: Buffer | undefined;
/**
 * A ZLIB stream of `inflatedBytes` zero bytes (rounded up to 16 MiB) built without compressing them:
 * one fully flushed deflate segment of 16 MiB, repeated (about 16 KB each), so a gigabyte bomb costs a
 * megabyte and a few milliseconds. The checksum is right: the stream is valid all the way.
 */
export function zlibBomb(inflatedBytes: number): Buffer {
  const size = 1 << 24;
  zeroSegment ??= deflateRawSync(Buffer.alloc(size), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const count = Math.ceil(inflatedBytes / size);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((((count * size) % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array(count).fill(zeroSegment),
    Buffer.from([3, 0]),
    adler,
  ]);
}

/** One served list: its entries, or a raw `status_list` (any shape) for hostile cases. */
export type ServedList =
  | { readonly bits: ListBits; readonly statuses: readonly number[] }
  | { readonly statusList: unknown };

/**
 * How the list path answers. `reset`: connection destroyed. `slow`: the normal answer after `delayMs`.
 * `http-500`, `redirect` (302 to another list path), `oversized` (`oversizeBytes` of token-like text),
 * `raw` (`rawBody` as is).
 */
export type ListMode = 'normal' | 'reset' | 'slow' | 'http-500' | 'redirect' | 'oversized' | 'raw';

export const LISTS_PATH = '/lists/';
export const LIST_JWKS_PATH = '/jwks';

export class StatusListServer extends LoopbackServer {
  mode: ListMode = 'normal';
  /** Lists by name: served at `${listsPrefix}${name}`. */
  readonly lists = new Map<string, ServedList>();
  /** The key that signs the lists; `jwks` is what the issuer publishes (the signer's JWK by default). */
  signer!: ListSigningKey;
  jwks: JWK[] = [];
  /** `iss` of the list tokens; none when undefined. */
  issuer: string | undefined;
  /** `ttl` of the list tokens, seconds; none when undefined. */
  ttlSeconds: number | undefined;
  /** `exp` of the list tokens, seconds after `iat`; none when undefined. */
  expiresInSeconds: number | undefined = 3600;
  /** Claims merged over the defaults (`sub`, `iat`, `exp`, `ttl`, `iss`, `status_list`); undefined removes one. */
  claims: Record<string, unknown> = {};
  /** Header members merged over `{ alg, kid, typ: 'statuslist+jwt' }`; undefined removes one. */
  header: Record<string, unknown> = {};
  /** Flips a bit of every served token's signature. */
  tamperSignature = false;
  delayMs = 2000;
  oversizeBytes = 2 * 1024 * 1024;
  rawBody = '';
  /** The Accept header of the last list request. */
  lastAccept: string | undefined;

  override async start(): Promise<this> {
    this.signer ??= await makeListKey('list-key-1');
    if (this.jwks.length === 0) this.jwks = [this.signer.jwk];
    return super.start();
  }

  /** The prefix to allow (`allowedUris`). */
  get listsPrefix(): string {
    return `${this.url}${LISTS_PATH}`;
  }
  get jwksUri(): string {
    return `${this.url}${LIST_JWKS_PATH}`;
  }
  uri(name: string): string {
    return `${this.listsPrefix}${name}`;
  }
  /** The `status` claim of a token whose status is entry `idx` of list `name`. */
  statusClaim(name: string, idx: number): { status_list: { idx: number; uri: string } } {
    return { status_list: { idx, uri: this.uri(name) } };
  }
  setList(name: string, bits: ListBits, statuses: readonly number[]): void {
    this.lists.set(name, { bits, statuses });
  }
  /** Requests received for list `name` (not a path, unlike the other servers). */
  override count(name: string): number {
    return super.count(`${LISTS_PATH}${name}`);
  }

  /** The signed status list token for list `name`, as served now. */
  async listToken(name: string): Promise<string> {
    const served = this.lists.get(name);
    const statusList =
      served === undefined
        ? undefined
        : 'statusList' in served
          ? served.statusList
          : { bits: served.bits, lst: lstOf(packStatuses(served.statuses, served.bits)) };
    const iat = Math.floor(Date.now() / 1000);
    const payload = defined({
      sub: this.uri(name),
      iat,
      exp: this.expiresInSeconds === undefined ? undefined : iat + this.expiresInSeconds,
      ttl: this.ttlSeconds,
      iss: this.issuer,
      status_list: statusList,
      ...this.claims,
    });
    const header = defined({
      alg: this.signer.alg,
      kid: this.signer.kid,
      typ: 'statuslist+jwt',
      ...this.header,
    });
    const token = await new SignJWT(payload).setProtectedHeader(header as never).sign(this.signer.privateKey);
    if (!this.tamperSignature) return token;
    const at = token.lastIndexOf('.') + 2;
    return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
  }

  protected handle(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path === LIST_JWKS_PATH) {
      this.send(res, 200, JSON.stringify({ keys: this.jwks }), { 'content-type': 'application/json' });
      return;
    }
    const name = path.startsWith(LISTS_PATH) ? path.slice(LISTS_PATH.length) : undefined;
    if (name === undefined || !this.lists.has(name)) {
      this.send(res, 404, 'not found');
      return;
    }
    this.lastAccept = req.headers.accept;
    const fault = { serverError: 'internal', raw: this.rawBody, location: this.uri('elsewhere') };
    if (this.answerFault(this.mode, req, res, fault)) return;
    switch (this.mode) {
      case 'oversized':
        this.send(res, 200, 'e'.repeat(this.oversizeBytes));
        return;
      case 'slow':
        void this.listToken(name).then((token) => this.sendLater(res, this.delayMs, token));
        return;
      case 'normal':
        void this.listToken(name).then((token) => this.send(res, 200, token));
        return;
    }
  }

  /** Answers are list tokens unless a content type is given. */
  protected override answerHeaders(): Record<string, string> {
    return { 'content-type': 'application/statuslist+jwt' };
  }
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export async function startStatusListServer(): Promise<StatusListServer> {
  return new StatusListServer().start();
}
