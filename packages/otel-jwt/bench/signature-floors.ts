// The bare node:crypto signature checks of bench/verify.bench.ts: correct ways to check a token's
// signature on buffers decoded beforehand, the cheapest of which is the floor a verifier is held to.
import * as nodeCrypto from 'node:crypto';

/** One way of doing the bare signature check; `fn` returns whether the signature verified. */
export interface FloorVariant {
  readonly label: string;
  readonly fn: () => boolean;
}

const PSS = {
  padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
  saltLength: nodeCrypto.constants.RSA_PSS_SALTLEN_DIGEST,
};

/** Raw JWS ECDSA signature (r || s) to DER, node:crypto's default encoding. */
function rawEcdsaToDer(raw: Uint8Array): Buffer {
  const half = raw.length >>> 1;
  const r = derInteger(raw, 0, half);
  const s = derInteger(raw, half, raw.length);
  const body = r.length + s.length;
  const head = body < 0x80 ? [0x30, body] : [0x30, 0x81, body];
  return Buffer.concat([Buffer.from(head), r, s]);
}

function derInteger(raw: Uint8Array, start: number, end: number): Buffer {
  let i = start;
  while (i < end - 1 && raw[i] === 0) i++;
  const pad = (raw[i] as number) >= 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + end - i);
  out[0] = 0x02;
  out[1] = pad + end - i;
  out.set(raw.subarray(i, end), 2 + pad);
  return out;
}

export function floorVariants(
  alg: 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA',
  key: nodeCrypto.KeyObject,
  input: Buffer,
  signature: Buffer,
): FloorVariant[] {
  const { verify } = nodeCrypto;
  switch (alg) {
    case 'HS256':
      return [
        {
          label: 'createHmac(KeyObject) + timingSafeEqual',
          fn: () =>
            nodeCrypto.timingSafeEqual(
              nodeCrypto.createHmac('sha256', key).update(input).digest(),
              signature,
            ),
        },
        { label: 'two crypto.hash over RFC 2104 pads', fn: paddedHmac(key.export(), input, signature) },
      ];
    case 'RS256':
      return [{ label: 'verify(KeyObject)', fn: () => verify('sha256', input, key, signature) }];
    case 'PS256': {
      // Node 24's isKeyObject() throws and catches internally for every non-KeyObject argument, so the
      // documented { key, padding } form pays for an exception; a KeyObject carrying the options does not.
      const carrying = nodeCrypto.createPublicKey({ key: key.export({ format: 'jwk' }), format: 'jwk' });
      Object.defineProperties(carrying, {
        padding: { value: PSS.padding },
        saltLength: { value: PSS.saltLength },
      });
      return [
        {
          label: 'verify({ key, padding, saltLength })',
          fn: () => verify('sha256', input, { key, ...PSS }, signature),
        },
        {
          label: 'verify(KeyObject carrying PSS options)',
          fn: () => verify('sha256', input, carrying, signature),
        },
      ];
    }
    case 'ES256': {
      // The DER form is made once, before timing: the floor is the crypto alone (the verifier converts per token).
      const der = rawEcdsaToDer(signature);
      return [
        {
          label: "verify({ key, dsaEncoding: 'ieee-p1363' })",
          fn: () => verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature),
        },
        { label: 'DER signature + verify(KeyObject)', fn: () => verify('sha256', input, key, der) },
      ];
    }
    case 'EdDSA':
      return [{ label: 'verify(null, KeyObject)', fn: () => verify(null, input, key, signature) }];
  }
}

/**
 * HMAC-SHA-256 as two one-shot hashes over the RFC 2104 pads, prepared beforehand with the input in place
 * (the crypto alone), compared in constant time as the verifier does.
 */
function paddedHmac(secret: Buffer, input: Buffer, signature: Buffer): () => boolean {
  const inner = Buffer.alloc(64 + input.length);
  const outer = Buffer.alloc(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = (secret[i] ?? 0) ^ 0x36;
    outer[i] = (secret[i] ?? 0) ^ 0x5c;
  }
  input.copy(inner, 64);
  return () => {
    outer.write(nodeCrypto.hash('sha256', inner, 'binary'), 64, 'latin1');
    const mac = nodeCrypto.hash('sha256', outer, 'binary');
    let difference = 0;
    for (let i = 0; i < 32; i++) difference |= mac.charCodeAt(i) ^ (signature[i] as number);
    return difference === 0;
  };
}
