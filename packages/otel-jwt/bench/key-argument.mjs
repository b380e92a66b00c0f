// What src/signature.ts chooses between, measured on the Node that runs this file. Plain JavaScript, so
// that Node 20 (no type stripping) runs it too:   node --expose-gc bench/key-argument.mjs
//
// - ES256: dsaEncoding 'ieee-p1363' on the raw JWS signature vs. raw r||s -> DER in JS and a bare KeyObject.
// - PS256: the documented { key, padding, saltLength } argument vs. a KeyObject carrying those options.
// On Node 24 any key argument that is not a KeyObject costs an exception inside node:crypto's isKeyObject().
import { constants, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { bench, do_not_optimize, run } from 'mitata';

function rawToDer(raw) {
  const half = raw.length >>> 1;
  const int = (start, end) => {
    let i = start;
    while (i < end - 1 && raw[i] === 0) i++;
    const pad = raw[i] >= 0x80 ? [0] : [];
    return [0x02, end - i + pad.length, ...pad, ...raw.subarray(i, end)];
  };
  const body = [...int(0, half), ...int(half, raw.length)];
  return Buffer.from([0x30, body.length, ...body]);
}

const input = Buffer.from('eyJhbGciOiJFUzI1NiJ9.'.padEnd(470, 'x'), 'latin1');
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ecKey = createPublicKey({ key: ec.publicKey.export({ format: 'jwk' }), format: 'jwk' });
const raw = sign('sha256', input, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaKey = createPublicKey({ key: rsa.publicKey.export({ format: 'jwk' }), format: 'jwk' });
const carrying = createPublicKey({
  key: rsaKey.export({ type: 'spki', format: 'der' }),
  format: 'der',
  type: 'spki',
});
Object.defineProperties(carrying, { padding: { value: PSS.padding }, saltLength: { value: PSS.saltLength } });
const pss = sign('sha256', input, { key: rsa.privateKey, ...PSS });

const cases = {
  "ES256 verify({ key, dsaEncoding: 'ieee-p1363' })": () =>
    verify('sha256', input, { key: ecKey, dsaEncoding: 'ieee-p1363' }, raw),
  'ES256 r||s -> DER in JS + verify(KeyObject)': () => verify('sha256', input, ecKey, rawToDer(raw)),
  'PS256 verify({ key, padding, saltLength })': () => verify('sha256', input, { key: rsaKey, ...PSS }, pss),
  'PS256 verify(KeyObject carrying the options)': () => verify('sha256', input, carrying, pss),
};
for (const [name, fn] of Object.entries(cases)) if (fn() !== true) throw new Error(`${name} did not verify`);

const rounds = Number(process.env.ROUNDS ?? 3);
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(cases)) bench(`${name}#${r}`, () => do_not_optimize(fn()));
}
const byName = new Map();
for (const trial of (await run({ format: 'quiet' })).benchmarks) {
  const name = trial.alias.replace(/#\d+$/, '');
  byName.set(name, [...(byName.get(name) ?? []), trial.runs[0].stats.p50]);
}
console.log(`node ${process.version}: µs per verification, median of ${rounds} interleaved rounds`);
for (const [name, values] of byName) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] / 1000;
  console.log(
    `  ${name.padEnd(50)} ${median.toFixed(1).padStart(7)}   (${values.map((v) => (v / 1000).toFixed(1)).join(', ')})`,
  );
}
