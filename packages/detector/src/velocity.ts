/**
 * Velocity: one post whose reposts and replies accelerate. Sources re-send a mention with updated engagement
 * counts; the tracker keeps the last snapshot per post (bounded LRU) and computes the engagement rate between
 * snapshots. A post fires when its rate is far above the watch's typical per-post rate *and* still accelerating,
 * which is the moment before it goes viral, not after.
 */
export interface VelocityOptions {
  /** Posts tracked at once (least recently updated are forgotten). */
  maxPosts?: number;
  /** Minimum engagements per minute for a post to matter at all. */
  minPerMinute?: number;
  /** Rate must exceed the typical rate by this factor. */
  factor?: number;
}

export interface VelocityHit {
  postKey: string;
  perMinute: number;
  typicalPerMinute: number;
  /** Engagement total at this snapshot. */
  engagement: number;
}

interface Snap {
  at: number;
  engagement: number;
  rate: number;
  fired: boolean;
}

export function createVelocityTracker(o: VelocityOptions = {}) {
  const maxPosts = o.maxPosts ?? 10_000;
  const minPerMinute = o.minPerMinute ?? 5;
  const factor = o.factor ?? 10;
  const posts = new Map<string, Snap>();
  let typical = 0.5; // engagements per minute per post, EWMA over observed rates

  return {
    /**
     * Records an engagement snapshot of one post at event time `at` (`ageMs`: how old the post was when this
     * snapshot was taken, if known). Returns a hit the first time this post accelerates past the bar (one per post).
     */
    observe(postKey: string, at: number, engagement: number, ageMs?: number): VelocityHit | undefined {
      const prev = posts.get(postKey);
      posts.delete(postKey);
      if (!prev) {
        // First sight: when the snapshot's age is known (ingested − created), engagement gained in that time is
        // already a rate. Pipelines that deduplicate re-sent versions only ever show one snapshot per post.
        const rate0 = ageMs !== undefined && ageMs >= 0 ? engagement / Math.max(ageMs / 60_000, 1) : 0;
        const hot0 = rate0 >= minPerMinute && rate0 >= factor * typical;
        if (ageMs !== undefined && !hot0) typical += 0.01 * (rate0 - typical);
        posts.set(postKey, { at, engagement, rate: rate0, fired: hot0 });
        if (posts.size > maxPosts) posts.delete(posts.keys().next().value as string);
        return hot0 ? { postKey, perMinute: rate0, typicalPerMinute: typical, engagement } : undefined;
      }
      const dtMin = (at - prev.at) / 60_000;
      if (dtMin <= 0) {
        posts.set(postKey, { ...prev, engagement: Math.max(prev.engagement, engagement) });
        return undefined;
      }
      const rate = Math.max(0, engagement - prev.engagement) / dtMin;
      const accelerating = rate > prev.rate * 1.2;
      const hot = rate >= minPerMinute && rate >= factor * typical;
      const fire = hot && accelerating && !prev.fired;
      // Typical rate learns only from ordinary posts, so a viral one does not raise the bar for the next.
      if (!hot) typical += 0.01 * (rate - typical);
      posts.set(postKey, { at, engagement, rate, fired: prev.fired || fire });
      return fire ? { postKey, perMinute: rate, typicalPerMinute: typical, engagement } : undefined;
    },
  };
}
