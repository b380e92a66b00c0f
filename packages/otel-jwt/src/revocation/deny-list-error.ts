import { OtelJwtError } from '../errors.js';

/**
 * Why `revoke()` did not record a revocation. `invalid_revocation`: a bad argument (the application's
 * mistake, found at once). `deny_list_full`: `maxEntries` live revocations are held already; an older one
 * is never forgotten to make room, since a forgotten revocation would let its token back in silently.
 */
export type DenyListErrorCode = 'invalid_revocation' | 'deny_list_full';

/** Thrown by `revoke()`; its message names the argument or the option, never the `jti`. */
export class DenyListError extends OtelJwtError {
  declare readonly code: DenyListErrorCode;

  constructor(code: DenyListErrorCode, message: string) {
    super(code, message);
  }
}
