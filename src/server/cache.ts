/**
 * A small time-limited cache of serialized answers. Entries expire after `ttlMs`; beyond
 * `maxEntries` the oldest entry goes (Map iteration order is insertion order). Keys include
 * the data generation, so a reloaded workspace never answers from stale entries.
 */
export class TtlCache {
  private readonly entries = new Map<string, { value: string; expires: number }>();
  hits = 0;
  misses = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
    /** Entries larger than this are not kept (bytes of UTF-16 text, roughly). */
    readonly maxEntryLength = 1 << 20,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.maxEntries > 0;
  }

  get(key: string, now = Date.now()): string | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    if (e.expires <= now) {
      this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e.value;
  }

  set(key: string, value: string, now = Date.now()): void {
    if (!this.enabled || value.length > this.maxEntryLength) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
