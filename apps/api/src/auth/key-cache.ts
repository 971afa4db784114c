import type { Principal } from "@columnline/domain";

/**
 * Authenticated keys by SHA-256 hash, for a short time: without it every request
 * paid a database round trip for its key (bench/results). Revocation evicts at once
 * (locally, and on other instances through LISTEN/NOTIFY), so the TTL only bounds
 * how long a missed notification could matter.
 */
export interface KeyCache {
  get(keyHash: string): Principal | undefined;
  set(keyHash: string, principal: Principal): void;
  forgetKey(keyId: string): void;
  clear(): void;
}

export function createKeyCache(options: {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}): KeyCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { principal: Principal; expiresAt: number }>();
  return {
    get(keyHash) {
      const entry = entries.get(keyHash);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(keyHash);
        return undefined;
      }
      return entry.principal;
    },
    set(keyHash, principal) {
      // A flood of distinct valid keys is unlikely; starting over is simpler than an LRU.
      if (entries.size >= options.maxEntries) entries.clear();
      entries.set(keyHash, { principal, expiresAt: now() + options.ttlMs });
    },
    forgetKey(keyId) {
      for (const [keyHash, entry] of entries) {
        if (entry.principal.keyId === keyId) entries.delete(keyHash);
      }
    },
    clear: () => entries.clear(),
  };
}
