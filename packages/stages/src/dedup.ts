/**
 * Remembers recently seen keys (source:id) so a connector that rewinds on reconnect, or a client that retries a
 * POST, does not produce the same mention twice. Bounded by count and age; exact dedup still happens in ClickHouse
 * (ReplacingMergeTree), this only saves work and keeps rollups clean before merges.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();
  constructor(private readonly opts: { maxKeys?: number; ttlMs?: number; now: () => number }) {}

  /** True if the key was already seen within the TTL; records it either way. */
  checkAndAdd(key: string): boolean {
    const now = this.opts.now();
    const at = this.seen.get(key);
    const fresh = at !== undefined && now - at < (this.opts.ttlMs ?? 3_600_000);
    this.seen.delete(key);
    this.seen.set(key, now);
    const max = this.opts.maxKeys ?? 200_000;
    while (this.seen.size > max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return fresh;
  }

  /** Forgets a key: used when producing it failed, so the client's retry is not mistaken for a duplicate. */
  forget(key: string): void {
    this.seen.delete(key);
  }
}
