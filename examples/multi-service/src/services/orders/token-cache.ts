// The bug the swap-token scenario exercises: orders keeps callers' Authorization headers by user, as a
// shared HTTP client with a stale default header would, and (misbehaving) sends another user's onward.

/** A handful of users is enough for the demo; the oldest entry goes first. */
const MAX_USERS = 16;

export interface TokenCache {
  remember(subject: string, authorization: string): void;
  /** An Authorization header of a user other than `subject`, if orders has seen one. */
  someoneElse(subject: string): string | undefined;
}

export function createTokenCache(): TokenCache {
  const bySubject = new Map<string, string>();
  return {
    remember(subject, authorization) {
      bySubject.delete(subject);
      bySubject.set(subject, authorization);
      if (bySubject.size > MAX_USERS) bySubject.delete(bySubject.keys().next().value as string);
    },
    someoneElse(subject) {
      for (const [other, authorization] of bySubject) if (other !== subject) return authorization;
      return undefined;
    },
  };
}
