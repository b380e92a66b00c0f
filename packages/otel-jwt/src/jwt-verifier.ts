import type { IssuerKeyStatus } from './key-status.js';
import type { VerifyResult } from './verify-result.js';

/** Synchronous JWT verification under a per-issuer policy, with keys kept fresh in the background. */
export interface JwtVerifier {
  /** Verifies a compact JWS token. Synchronous, never throws, never waits on the network. */
  verify(token: unknown): VerifyResult;
  /** Resolves once every remote key set has had its first fetch attempt (successful or not). Never rejects. */
  ready(): Promise<void>;
  /**
   * Refreshes every remote key set now (joining refreshes already under way), for example after a
   * planned key rotation. Resolves when done; never rejects (failures show in {@link keyStatus}).
   */
  refreshKeys(): Promise<void>;
  /** Per-issuer state of the keys, for health checks and diagnostics. */
  keyStatus(): readonly IssuerKeyStatus[];
  /** Stops background refreshes (a fetch under way is discarded) and empties the verified-token cache. */
  close(): void;
}
