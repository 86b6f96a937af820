/**
 * Velocity: one post whose reposts and replies accelerate. Sources re-send a mention with updated engagement
 * counts; the tracker keeps the last snapshot per post (bounded LRU) and computes the engagement rate between
 * snapshots. A post fires when its rate is far above what this watch's busiest posts usually reach *and* still
 * accelerating, which is the moment before it goes viral, not after.
 *
 * Engagement is heavy-tailed: some post of a big watch gains dozens of reposts a minute every day. So "typical" is not
 * the mean rate (a bar any big watch clears daily) but a high quantile of the watch's per-post rates (`quantile`,
 * 0.999 by default), tracked by stochastic approximation, and a post must also reach `minEngagement` reposts+replies
 * in absolute terms: a fast start on five reposts is not a page. Finally it must be a *record by a margin*: at least
 * `recordFactor` times the fastest post of the last `recordMs`, so the ordinary daily viral post of a big watch
 * does not page every week.
 */
import { RollingMax } from './rolling.js';

export interface VelocityOptions {
  /** Posts tracked at once (least recently updated are forgotten). */
  maxPosts?: number;
  /** Minimum engagements per minute for a post to matter at all. */
  minPerMinute?: number;
  /** Minimum reposts+replies a post must have reached (absolute support). */
  minEngagement?: number;
  /** Rate must exceed the watch's usual high-quantile rate by this factor. */
  factor?: number;
  /** Which quantile of per-post rates is "the usual busy post" (0.999 = one post in a thousand). */
  quantile?: number;
  /** How far back the record of post rates reaches (0 turns the record rule off). */
  recordMs?: number;
  /** A hot post must be at least this many times faster than the record. */
  recordFactor?: number;
}

export interface VelocityHit {
  postKey: string;
  perMinute: number;
  /** The bar this post cleared: max(minPerMinute, factor × typical) × the caller's strictness. */
  threshold: number;
  /** The watch's usual high-quantile rate (engagements per minute). */
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
  const minEngagement = o.minEngagement ?? 50;
  const factor = o.factor ?? 3;
  const q = o.quantile ?? 0.999;
  const posts = new Map<string, Snap>();
  const recordMs = o.recordMs ?? 30 * 24 * 3_600_000;
  const recordFactor = o.recordFactor ?? 5;
  const record = new RollingMax(recordMs);
  /** The bar at `at` including the record rule; then the rate joins the record. */
  const beats = (at: number, rate: number, threshold: number): boolean => {
    const ok = rate >= threshold && (recordMs === 0 || rate >= recordFactor * record.max(at));
    if (recordMs > 0) record.add(at, rate);
    return ok;
  };
  // High quantile of per-post rates (engagements per minute). Robbins–Monro: step up by (q)·s on a rate above it, down
  // by (1−q)·s otherwise, so it settles where a fraction 1−q of rates lie above. The step scales with the estimate so
  // it adapts across watches whose rates differ by orders of magnitude; it starts at 1/min.
  let typical = 1;
  let seen = 0;
  const learn = (rate: number): void => {
    seen += 1;
    const s = Math.max(typical, 0.05) * (seen < 1000 ? 0.05 : 0.01);
    typical = Math.max(0.05, typical + (rate > typical ? q * s : -(1 - q) * s));
  };
  const bar = (strictness: number): number => strictness * Math.max(minPerMinute, factor * typical);

  return {
    /** Per-post rates learnt so far (cold-start rules read it). */
    get postsSeen(): number {
      return seen;
    },
    /**
     * Records an engagement snapshot of one post at event time `at` (`ageMs`: how old the post was when this
     * snapshot was taken, if known). Returns a hit the first time this post accelerates past the bar (one per post).
     * `strictness` ≥ 1 multiplies the bar (a young watch asks for overwhelming evidence).
     */
    observe(postKey: string, at: number, engagement: number, ageMs?: number, strictness = 1): VelocityHit | undefined {
      const prev = posts.get(postKey);
      posts.delete(postKey);
      const threshold = bar(strictness);
      if (!prev) {
        // First sight: when the snapshot's age is known (ingested − created), engagement gained in that time is
        // already a rate. Pipelines that deduplicate re-sent versions only ever show one snapshot per post.
        const rate0 = ageMs !== undefined && ageMs >= 0 ? engagement / Math.max(ageMs / 60_000, 1) : 0;
        const hot0 = ageMs !== undefined && beats(at, rate0, threshold) && engagement >= minEngagement;
        if (ageMs !== undefined) learn(rate0);
        posts.set(postKey, { at, engagement, rate: rate0, fired: hot0 });
        if (posts.size > maxPosts) posts.delete(posts.keys().next().value as string);
        return hot0 ? { postKey, perMinute: rate0, threshold, typicalPerMinute: typical, engagement } : undefined;
      }
      const dtMin = (at - prev.at) / 60_000;
      if (dtMin <= 0) {
        posts.set(postKey, { ...prev, engagement: Math.max(prev.engagement, engagement) });
        return undefined;
      }
      const rate = Math.max(0, engagement - prev.engagement) / dtMin;
      const accelerating = rate > prev.rate * 1.2;
      const fire = beats(at, rate, threshold) && engagement >= minEngagement && accelerating && !prev.fired;
      learn(rate);
      posts.set(postKey, { at, engagement, rate, fired: prev.fired || fire });
      return fire ? { postKey, perMinute: rate, threshold, typicalPerMinute: typical, engagement } : undefined;
    },
  };
}
