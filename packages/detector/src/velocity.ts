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
     * Records an engagement snapshot of one post at event time `at`. Returns a hit the first time this post
     * accelerates past the bar (one hit per post).
     */
    observe(postKey: string, at: number, engagement: number): VelocityHit | undefined {
      const prev = posts.get(postKey);
      posts.delete(postKey);
      if (!prev) {
        posts.set(postKey, { at, engagement, rate: 0, fired: false });
        if (posts.size > maxPosts) posts.delete(posts.keys().next().value as string);
        return undefined;
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
