// Storage of the provider for one demo run. JWT access tokens are self-contained and never stored; this
// holds the sessions (grants), the mobile app's opaque access tokens and what little else the provider
// keeps. Named, so oidc-provider knows storage was chosen on purpose.
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  readonly payload: AdapterPayload;
  readonly expiresAt: number;
}

/** One store shared by the provider's models (and kept across a key rotation). */
export function memoryAdapter(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const matching = (test: (payload: AdapterPayload) => boolean) => {
      for (const [name, entry] of entries) {
        if (name.startsWith(`${model}:`) && test(entry.payload)) return live(name);
      }
      return undefined;
    };
    return {
      async upsert(id, payload, expiresIn) {
        entries.set(key(id), { payload, expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 });
      },
      find: async (id) => live(key(id)),
      findByUserCode: async (userCode) => matching((payload) => payload.userCode === userCode),
      findByUid: async (uid) => matching((payload) => payload.uid === uid),
      async consume(id) {
        const payload = live(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [name, entry] of entries) {
          if (entry.payload.grantId === grantId) entries.delete(name);
        }
      },
    };
  };
}
