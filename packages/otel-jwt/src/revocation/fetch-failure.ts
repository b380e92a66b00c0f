import { KeySourceError } from '../keys/key-source-error.js';

/** What a failed {@link boundedFetch} (keys/bounded-fetch.ts) reports for a revocation source. */
export type FetchFailureCode = 'fetch_timeout' | 'fetch_failed' | 'response_too_large';

/** The code of an error thrown by `boundedFetch`: its own code, or `fetch_failed` for anything else. */
export function fetchFailureCode(error: unknown): FetchFailureCode {
  if (error instanceof KeySourceError) {
    if (error.code === 'fetch_timeout' || error.code === 'response_too_large') return error.code;
  }
  return 'fetch_failed';
}
