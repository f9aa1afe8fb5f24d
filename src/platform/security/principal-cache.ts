/**
 * A short-lived in-process cache of resolved sessions and tokens, so an authenticated request
 * costs one query (its own), not two. Entries live `ttlMs` at most; this process drops them at
 * once on sign-out, disabling, role or password changes, and other processes within `ttlMs`
 * (ZHIBAO_SESSION_CACHE_MS; 0 turns the cache off).
 */
export class PrincipalCache<V extends { userId: string }> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, nowMs: number): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, nowMs: number) {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest insertion (Map keeps insertion order).
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.set(key, { value, expires: nowMs + this.ttlMs });
  }

  delete(key: string) {
    this.entries.delete(key);
  }

  deleteUser(userId: string) {
    for (const [key, entry] of this.entries) if (entry.value.userId === userId) this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }
}
