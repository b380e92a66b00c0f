import { HeavyHitters } from '../internal/heavy-hitters.js';
import { NoticeLimiter } from '../internal/notice-limiter.js';
import { operatorNotice } from '../internal/operator-notice.js';
import { NO_KEY_ID } from './subject-proof.js';
import type { TelemetryKeys } from './telemetry-keys.js';

/** Said again at most this often per key id, and for at most this many ids per interval. */
const INTERVAL_MS = 10 * 60_000;
const MAX_IDS = 8;
/** Key ids counted per interval, for the summary of ids a flood kept from being said. */
const COUNTED_IDS = 16;
const SUMMARY_IDS = 3;

/** Says that proofs made with a key this service does not hold were refused. */
export type ForeignProofKeyNotice = (keyId: string) => void;

const made = (keyId: string) => (keyId === NO_KEY_ID ? 'without hmacKey (h1)' : `with hmacKey id ${keyId}`);

/**
 * The operator's view of `unknown_proof_key`: the id the proof named and the ids this service holds,
 * which is all it takes to see two services' `hmacKey` settings differ. Once per key id per ten
 * minutes, for at most {@link MAX_IDS} ids: the ids come from callers, so a flood of made-up ones is cut
 * there. Such a flood must not hide a real mismatch for good, so the ids are also counted (in fixed
 * memory), and an interval in which some went unsaid ends with one summary naming the most frequent: the
 * steady traffic of a service with another key outnumbers made-up ids that each come once.
 */
export function foreignProofKeyNotice(keys: TelemetryKeys): ForeignProofKeyNotice {
  const limiter = new NoticeLimiter(MAX_IDS, INTERVAL_MS);
  const counted = new HeavyHitters(COUNTED_IDS);
  let intervalStartMs = Number.NEGATIVE_INFINITY;
  let unsaid = false;
  const held =
    keys.ids.length === 0 ? 'this service has no hmacKey' : `this service holds ${keys.ids.join(', ')}`;
  return (keyId) => {
    const now = Date.now();
    if (now - intervalStartMs >= INTERVAL_MS) {
      if (unsaid) {
        const top = counted
          .top(SUMMARY_IDS)
          .map(([id, count]) => `${made(id)} (${count})`)
          .join(', ');
        operatorNotice.warn(
          `otel-jwt: in the last 10 minutes, more subject proofs of keys this service does not hold were refused than were said; the most frequent were made ${top} (${held})`,
        );
      }
      counted.clear();
      unsaid = false;
      intervalStartMs = now;
    }
    counted.add(keyId);
    if (!limiter.admit(keyId)) {
      unsaid ||= counted.size > MAX_IDS;
      return;
    }
    operatorNotice.warn(
      `otel-jwt: refused subject proofs made ${made(keyId)} (${held}); their auth baggage is removed (unknown_proof_key). The services' hmacKey settings differ: compare the ids (a trailing newline in a key file makes another key), or finish the hmacKey rotation step under way`,
    );
  };
}
