import { createCountDetector, type CountDetectorOptions } from './count-detector.js';
import { createShareDetector, type ShareDetectorOptions } from './share-detector.js';
import { TermTracker, type SurgingTerm } from './terms.js';
import { createVelocityTracker, type VelocityOptions } from './velocity.js';

/**
 * Everything the alerter detects for one watch. Mentions are bucketed by event time (`created_at`) into windows of
 * `windowMs`; a bucket closes when the watermark (latest event time − `latenessMs`) passes its end, or when the
 * clock moves on with no new mentions (quiet minutes are zeros, not gaps). Each closed bucket feeds:
 * - `negative_count`: negatives per window (count detector: seasonal NB baseline, CUSUM, hysteresis);
 * - `negative_share`: negatives / all mentions (beta-binomial share detector);
 * - `reach_negativity`: negatives weighted by reach (followers, reposts, replies), so one big account counts more;
 * and each mention's engagement snapshot feeds `velocity` (one post's reposts/replies accelerating).
 * The detector is pure: time is the events' and the caller's `now` passed to `advance`.
 */
export type SeriesName = 'negative_count' | 'negative_share' | 'reach_negativity' | 'velocity';

/**
 * One scored mention as the detector needs it. A neutral or positive mention only counts towards its window's total:
 * the detector reads its `at` and `label` and nothing else. For a negative one it also reads the text (surging
 * terms), reach and engagement (weight, velocity) and `payload`, which it carries through to alerts untouched; so
 * `payload` is required for negatives only, and a caller may skip building it for the others.
 */
export type MentionObservation<T> = ObservationFields & ({ label: 'negative'; payload: T } | { label: 'neutral' | 'positive'; payload?: T });

/** The fields of a MentionObservation other than its label and payload. */
export interface ObservationFields {
  key: string;
  at: number;
  text: string;
  followers?: number;
  reposts?: number;
  replies?: number;
  /** Age of the post when this engagement snapshot was taken (ingested − created), if known. */
  snapshotAgeMs?: number;
}

/** A series fired (rising edge) or its storm ended. */
export interface WatchEvent<T> {
  kind: 'fire' | 'resolve';
  series: SeriesName;
  /** Window label, e.g. "1m". */
  window: string;
  /** End of the bucket that decided it (event time, ms). */
  at: number;
  score: number;
  observed: number;
  expected: number;
  severity: 'warning' | 'critical';
  /** Negative mentions of the recent windows with the largest reach, largest first. */
  topMentions: T[];
  surgingTerms: SurgingTerm[];
}

export interface WatchDetectorOptions {
  windowMs?: number;
  latenessMs?: number;
  /** Recent windows whose negatives are evidence (top mentions, surging terms). */
  evidenceWindows?: number;
  count?: CountDetectorOptions;
  share?: ShareDetectorOptions;
  velocity?: VelocityOptions;
  /** A velocity alert resolves after this long without a new hot post. */
  velocityQuietMs?: number;
}

interface Bucket<T> {
  start: number;
  total: number;
  negatives: number;
  reach: number;
  negMentions: Array<{ weight: number; text: string; payload: T }>;
}

/** Reach weight of one mention: 1 + log10(1 + followers) + log10(1 + reposts + replies). */
export const reachWeight = (m: { followers?: number; reposts?: number; replies?: number }): number =>
  1 + Math.log10(1 + (m.followers ?? 0)) + Math.log10(1 + (m.reposts ?? 0) + (m.replies ?? 0));

const MAX_FUTURE_MS = 5 * 60_000;
const MAX_GAP_MS = 7 * 24 * 3_600_000;

export function windowLabel(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

export function createWatchDetector<T>(options: WatchDetectorOptions = {}) {
  const windowMs = options.windowMs ?? 60_000;
  const lateness = options.latenessMs ?? Math.min(windowMs, 10_000);
  const evidenceWindows = options.evidenceWindows ?? 10;
  const velocityQuiet = options.velocityQuietMs ?? 30 * 60_000;
  const label = windowLabel(windowMs);
  // Warm-up in time is the count detector's (a day: the first morning rise of a new watch is not a storm); an
  // embedded demo that must alert within minutes passes a short `count.warmupMs`. Storms in 1-minute windows are
  // released after 15 quiet minutes and may re-alert after an hour.
  const countOpts: CountDetectorOptions = { warmupPoints: 30, releaseMs: 15 * 60_000, cooldownMs: 60 * 60_000, ...options.count };
  const detectors = {
    negative_count: createCountDetector(countOpts),
    // One negative post from a big account weighs up to ~8: the floor asks for several posts' worth of excess.
    reach_negativity: createCountDetector({ supportFloor: 12, ...countOpts }),
    negative_share: createShareDetector({ warmupBuckets: countOpts.warmupPoints, ...options.share }),
  };
  const velocity = createVelocityTracker(options.velocity);
  const terms = new TermTracker();
  const open = new Map<number, Bucket<T>>();
  const recent: Bucket<T>[] = [];
  let watermark = -Infinity;
  let lastArrivalClock: number | undefined;
  let nextToClose: number | undefined;
  let velocityFiredAt: number | undefined;
  let velocityLastHot = -Infinity;

  const bucketOf = (at: number): Bucket<T> => {
    let start = Math.floor(at / windowMs) * windowMs;
    // A mention later than the lateness allows joins the oldest open window rather than reopening a closed one.
    if (nextToClose !== undefined && start < nextToClose) start = nextToClose;
    let b = open.get(start);
    if (!b) open.set(start, (b = { start, total: 0, negatives: 0, reach: 0, negMentions: [] }));
    nextToClose ??= start;
    return b;
  };

  function evidence() {
    const negs = recent.flatMap((b) => b.negMentions);
    const top = [...negs].sort((a, b) => b.weight - a.weight).slice(0, 5).map((m) => m.payload);
    return { topMentions: top, surgingTerms: terms.surging(negs.map((m) => m.text), 10) };
  }

  function close(b: Bucket<T>, out: WatchEvent<T>[]): void {
    recent.push(b);
    if (recent.length > evidenceWindows) recent.shift();
    const at = b.start + windowMs;
    const verdicts = [
      ['negative_count', detectors.negative_count.push({ ts: b.start, value: b.negatives })],
      ['reach_negativity', detectors.reach_negativity.push({ ts: b.start, value: b.reach })],
    ] as const;
    const share = detectors.negative_share.push(b.start, b.negatives, b.total);
    const emit = (kind: 'fire' | 'resolve', series: SeriesName, score: number, observed: number, expected: number) => {
      const critical = score >= 0.8 || observed >= 5 * Math.max(expected, 1e-9);
      out.push({ kind, series, window: label, at, score, observed, expected, severity: critical ? 'critical' : 'warning', ...(kind === 'fire' ? evidence() : { topMentions: [], surgingTerms: [] }) });
    };
    for (const [series, v] of verdicts) {
      if (v.alert) emit('fire', series, v.score, v.observed, v.expected);
      if (v.resolved) emit('resolve', series, v.score, v.observed, v.expected);
    }
    if (share.alert) emit('fire', 'negative_share', share.score, share.share, share.expected);
    if (share.resolved) emit('resolve', 'negative_share', share.score, share.share, share.expected);
    if (velocityFiredAt !== undefined && at - velocityLastHot >= velocityQuiet) {
      emit('resolve', 'velocity', 0, 0, 0);
      velocityFiredAt = undefined;
    }
    // Baseline terms learn after the evidence was taken, so a storm's words surge against the time before it.
    for (const m of b.negMentions) terms.observe(m.text);
  }

  function closeUpTo(limit: number, out: WatchEvent<T>[]): void {
    while (nextToClose !== undefined && nextToClose + windowMs <= limit) {
      // After a long silence (or a replay across a gap) only the last week of empty windows before the next data is
      // worth learning from: skip the rest instead of pushing millions of zeros.
      if (!open.has(nextToClose)) {
        let nextData = limit;
        for (const k of open.keys()) if (k > nextToClose && k < nextData) nextData = k;
        const target = Math.floor((nextData - MAX_GAP_MS) / windowMs) * windowMs;
        if (target > nextToClose) {
          nextToClose = target;
          continue;
        }
      }
      const b = open.get(nextToClose) ?? { start: nextToClose, total: 0, negatives: 0, reach: 0, negMentions: [] };
      open.delete(nextToClose);
      close(b, out);
      nextToClose += windowMs;
    }
  }

  return {
    windowLabel: label,
    /** Adds one mention (at `clock`, the caller's now). Returns events decided by buckets this closes. */
    add(input: MentionObservation<T>, clock: number): WatchEvent<T>[] {
      const out: WatchEvent<T>[] = [];
      // A source clock in the future must not drag the watermark (and every watch's windows) ahead of real time.
      const m = input.at > clock + MAX_FUTURE_MS ? { ...input, at: clock } : input;
      const b = bucketOf(m.at);
      b.total += 1;
      if (m.label === 'negative') {
        b.negatives += 1;
        const w = reachWeight(m);
        b.reach += w;
        b.negMentions.push({ weight: w, text: m.text, payload: m.payload });
        // Bounded evidence per bucket: keep the heaviest.
        if (b.negMentions.length > 200) b.negMentions.sort((x, y) => y.weight - x.weight).length = 100;
        const engagement = (m.reposts ?? 0) + (m.replies ?? 0);
        const hit = engagement > 0 ? velocity.observe(m.key, m.at, engagement, m.snapshotAgeMs) : undefined;
        if (hit) {
          velocityLastHot = m.at;
          if (velocityFiredAt === undefined) {
            velocityFiredAt = m.at;
            const ev = evidence();
            out.push({ kind: 'fire', series: 'velocity', window: label, at: m.at, score: Math.min(1, hit.perMinute / (hit.perMinute + 10 * hit.typicalPerMinute)), observed: hit.perMinute, expected: hit.typicalPerMinute, severity: 'critical', topMentions: [m.payload, ...ev.topMentions.filter((p) => p !== m.payload)].slice(0, 5), surgingTerms: ev.surgingTerms });
          }
        }
      }
      watermark = Math.max(watermark, m.at - lateness);
      lastArrivalClock = clock;
      closeUpTo(watermark, out);
      return out;
    },
    /** Advances time without mentions: after a lull longer than `windowMs + latenessMs` on the clock, empty windows close. */
    advance(clock: number): WatchEvent<T>[] {
      const out: WatchEvent<T>[] = [];
      if (lastArrivalClock === undefined || nextToClose === undefined) return out;
      // Only a real lull closes windows by the clock: a pipeline that delivers in bursts (batching, a slow scorer)
      // must not get its windows closed between bursts, which would turn steady traffic into zeros and lumps.
      const idle = clock - lastArrivalClock;
      if (idle > windowMs + lateness) closeUpTo(watermark + idle, out);
      return out;
    },
  };
}

export type WatchDetector<T> = ReturnType<typeof createWatchDetector<T>>;
