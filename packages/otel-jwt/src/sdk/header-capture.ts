import { diagnostics } from '../internal/diagnostics.js';
import type { RedactionRules } from '../redaction/redaction-rules.js';

/** The request and response header names an instrumentation records as span attributes. */
export interface HeaderLists {
  requestHeaders?: string[];
  responseHeaders?: string[];
}

/**
 * Removes credential headers from the header lists of an instrumentation's `headersToSpanAttributes`,
 * whose own shapes differ (one pair of lists, or one per side), and says once which were removed.
 */
export class HeaderCaptureFilter {
  private readonly dropped = new Set<string>();

  constructor(private readonly rules: RedactionRules) {}

  /** The lists without credential headers; names that are not strings, or lists that are not arrays, are dropped too. */
  lists(lists: HeaderLists): HeaderLists {
    const given: HeaderLists = lists !== null && typeof lists === 'object' ? lists : {};
    return {
      requestHeaders: this.names(given.requestHeaders),
      responseHeaders: this.names(given.responseHeaders),
    };
  }

  /** Logs the removed names once, if any: names, not values, so safe to log, and the deployer should know. */
  report(): void {
    if (this.dropped.size === 0) return;
    diagnostics.warn(
      `otel-jwt: headersToSpanAttributes lists credential headers (${[...this.dropped].join(', ')}); they are never recorded`,
    );
  }

  private names(list: unknown): string[] {
    if (!Array.isArray(list)) return [];
    return list.filter((header): header is string => {
      if (typeof header !== 'string') return false;
      const credential = this.rules.isCredentialKey(header);
      if (credential) this.dropped.add(header.toLowerCase());
      return !credential;
    });
  }
}
