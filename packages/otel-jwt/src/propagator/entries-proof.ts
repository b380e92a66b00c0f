import type { Baggage, BaggageEntry } from '@opentelemetry/api';
import { macsEqual } from '../internal/hmac-sha256.js';
import { isHttpToken } from './http-token.js';
import type { ProofKey } from './telemetry-keys.js';

/**
 * The entries proof binds the auth entries a hop sends to the trace and the subject:
 * `k1.<mac>.<key>,<key>,...` where the mac covers the trace id, the subject digest and every listed
 * key (a W3C token, so no `,`, `=` or line break can blur the mac input) with its value. A receiver keeps an inbound auth entry only when it is listed and the mac checks,
 * so an entry a client slipped past a hop that did not treat it as an auth key is not vouched for.
 * It is made with the key of the subject proof issued beside it (whose id that proof carries), and
 * checked with the key the inbound subject proof names.
 */
const SHAPE = /^k1\.([A-Za-z0-9_-]{22})\.(.+)$/;
/** At most this many entries are vouched for in one proof. */
export const MAX_VOUCHED_ENTRIES = 64;

type Entries = readonly (readonly [string, BaggageEntry])[];

/** Every key and value is length-prefixed, so no choice of keys and values reads as another. */
function macInput(traceId: string, digest: string, entries: readonly (readonly [string, string])[]): string {
  let input = `entries k1.${traceId}.${digest}`;
  for (const [key, value] of entries) input += `\n${key.length}:${key}=${value.length}:${value}`;
  return input;
}

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]) => (a[0] < b[0] ? -1 : 1);

/** The proof over `entries` (the auth entries sent, proofs excluded); undefined when there are none. */
export function issueEntriesProof(
  keys: ProofKey,
  traceId: string,
  digest: string,
  entries: Entries,
): string | undefined {
  if (entries.length === 0 || entries.length > MAX_VOUCHED_ENTRIES) return undefined;
  if (!entries.every(([key]) => isHttpToken(key))) return undefined;
  const sorted = entries.map(([key, entry]) => [key, entry.value] as const).sort(byKey);
  const mac = keys.entriesMac(macInput(traceId, digest, sorted));
  return `k1.${mac}.${sorted.map(([key]) => key).join(',')}`;
}

/** The keys an inbound entries proof vouches for, or undefined when it is absent or does not check. */
export function checkEntriesProof(
  keys: ProofKey,
  value: string | undefined,
  traceId: string,
  digest: string,
  inbound: Baggage,
): ReadonlySet<string> | undefined {
  const match = value === undefined ? null : SHAPE.exec(value);
  if (match === null) return undefined;
  const listed = (match[2] as string).split(',');
  if (listed.length > MAX_VOUCHED_ENTRIES || !listed.every((key) => isHttpToken(key))) return undefined;
  if (new Set(listed).size !== listed.length) return undefined;
  const entries: (readonly [string, string])[] = [];
  for (const key of listed) {
    const entry = inbound.getEntry(key);
    if (entry === undefined) return undefined;
    entries.push([key, entry.value]);
  }
  entries.sort(byKey);
  return macsEqual(keys.entriesMac(macInput(traceId, digest, entries)), match[1] as string)
    ? new Set(listed)
    : undefined;
}
