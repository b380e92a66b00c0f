// Hostile requests: garbage Authorization headers, oversized and deeply nested tokens, tampered and
// forged tokens, and baggage that forges identity. Made on the fly from a fixed seed, so runs repeat,
// and nearly every request carries a value never sent before (a request number is part of it).

import type { Headers, NextRequest } from './load.ts';
import { FORGED_VALUE, STREAM_HEADER } from './protocol.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PRINTABLE = `${B64URL}!#$%&'*+.^|~ ;:,=/?@()[]{}<>"\\`;

export interface HostileSeeds {
  /** A valid token of the service's issuer, to tamper with and to carry forged baggage. */
  readonly validToken: string;
  /** A token signed by a key the IdP never published (unknown kid). */
  readonly unknownKidToken: string;
}

export function hostileStream(seeds: HostileSeeds): NextRequest {
  let seed = 0x2545f491;
  let count = 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const text = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  // A long random run, sliced at a moving offset: oversized values cost the client little.
  const bulk = text(B64URL, 32_768);
  const slice = (length: number) => {
    const at = Math.floor(random() * (bulk.length - length));
    return bulk.slice(at, at + length);
  };
  const [header, payload, signature] = seeds.validToken.split('.') as [string, string, string];
  const kinds: Array<(id: string) => Headers> = [
    (id) => ({ authorization: `Bearer ${id}${text(PRINTABLE, 1 + Math.floor(random() * 200))}` }),
    (id) => ({
      authorization: ['Bearer', `Bearer ${id} x`, `Basic ${id}`, `Bearer ${id},Bearer y`, `bEaReR  ${id}`][
        count % 5
      ] as string,
    }),
    (id) => ({ authorization: `Bearer ${id}${slice(40)}.${slice(200)}.${slice(86)}` }),
    // Over the default 8 KiB token limit, under Node's 16 KiB header limit.
    (id) => ({ authorization: `Bearer ${id}${slice(3_000)}.${slice(6_000)}.${slice(342)}` }),
    // Just under the limit: decoded and parsed, then refused.
    (id) => ({ authorization: `Bearer ${header}.${id}${slice(7_000)}.${signature}` }),
    (id) => ({ authorization: `Bearer ${header}.${deepJson(id)}.${signature}` }),
    // A genuine header and claims with someone else's signature: a full signature check that fails.
    (id) => ({ authorization: `Bearer ${header}.${payload}.${id}${signature.slice(id.length)}` }),
    (id) => ({ authorization: `Bearer ${seeds.unknownKidToken}`, 'x-id': id }),
    (id) => ({ authorization: `Bearer ${noneAlgToken(id)}` }),
    (id) => ({ baggage: forgedBaggage(id, slice(64)) }),
    (id) => ({
      authorization: `Bearer ${seeds.validToken}`,
      baggage: forgedBaggage(id, `${header}.${payload}`),
    }),
  ];
  return () => {
    const id = (count++).toString(36);
    const kind = kinds[count % kinds.length] as (id: string) => Headers;
    // Requests that carry the valid token are counted apart: their verdict is `valid` by right.
    const stream = count % kinds.length === kinds.length - 1 ? 'forged-baggage-valid-token' : 'hostile';
    return { ...kind(id), [STREAM_HEADER]: stream };
  };
}

function encode(json: string): string {
  return Buffer.from(json).toString('base64url');
}

/** Claims nested far deeper than the parser's limit, yet under the token size limit. */
function deepJson(id: string): string {
  return encode(`{"id":"${id}","a":${'['.repeat(2_500)}${']'.repeat(2_500)}}`);
}

function noneAlgToken(id: string): string {
  return `${encode('{"alg":"none","typ":"JWT"}')}.${encode(`{"sub":"admin","jti":"${id}","iss":"https://idp.resilience.test","aud":"orders","exp":9999999999}`)}.`;
}

/** Auth entries a client must not be able to set, a fake proof, and entries hiding token material. */
function forgedBaggage(id: string, extra: string): string {
  const entries = [
    `user.id=${FORGED_VALUE}-${id}`,
    `user.roles=${FORGED_VALUE}`,
    `tenant.id=${FORGED_VALUE}`,
    `jwt.subject_proof=k1.${FORGED_VALUE}.${id}`,
    `jwt.entries_proof=k1.${FORGED_VALUE}.user.roles,tenant.id`,
    `note=${encodeURIComponent(extra)}`,
  ];
  for (let i = 0; i < 40; i++) entries.push(`k${i}=${id}${i}`);
  return entries.join(',');
}
