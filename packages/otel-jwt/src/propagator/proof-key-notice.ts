import { NoticeLimiter } from '../internal/notice-limiter.js';
import { operatorNotice } from '../internal/operator-notice.js';
import { NO_KEY_ID } from './subject-proof.js';
import type { TelemetryKeys } from './telemetry-keys.js';

/** Said again at most this often per key id, and for at most this many ids per interval. */
const INTERVAL_MS = 10 * 60_000;
const MAX_IDS = 8;

/** Says that proofs made with a key this service does not hold were refused. */
export type ForeignProofKeyNotice = (keyId: string) => void;

/**
 * The operator's view of `unknown_proof_key`: the id the proof named and the ids this service holds,
 * which is all it takes to see two services' `hmacKey` settings differ. Once per key id per ten
 * minutes; the ids come from callers, so a flood of made-up ones is cut at {@link MAX_IDS}.
 */
export function foreignProofKeyNotice(keys: TelemetryKeys): ForeignProofKeyNotice {
  const limiter = new NoticeLimiter(MAX_IDS, INTERVAL_MS);
  const held =
    keys.ids.length === 0 ? 'this service has no hmacKey' : `this service holds ${keys.ids.join(', ')}`;
  return (keyId) => {
    if (!limiter.admit(keyId)) return;
    const made = keyId === NO_KEY_ID ? 'made without hmacKey (h1)' : `made with hmacKey id ${keyId}`;
    operatorNotice.warn(
      `otel-jwt: refused subject proofs ${made} (${held}); their auth baggage is removed (unknown_proof_key). The services' hmacKey settings differ: compare the ids (a trailing newline in a key file makes another key), or finish the hmacKey rotation step under way`,
    );
  };
}
