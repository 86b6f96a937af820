import { createEarlyPages } from './early-pages.js';
import { createPagePolicy, poissonUpper } from './page-policy.js';
import { createRecordDetector, type RecordDetectorOptions, type RecordVerdict } from './record-detector.js';
import { TermTracker } from './terms.js';
import { createVelocityTracker, type VelocityHit } from './velocity.js';
import type { Bucket, Episode, EventFacts, WindowSeries } from './watch-state.js';
import type { MentionObservation, SeriesName, WatchDetectorOptions, WatchEvent } from './watch-types.js';

/**
 * Everything the alerter detects for one watch. Mentions are bucketed by event time (`created_at`) into windows of
 * `windowMs`; a bucket closes when the watermark passes its end: the lower of this watch's newest event time and the
 * input's per-partition watermark (`partition-watermark.ts`), minus `latenessMs`; or when the clock moves on with no
 * new mentions (quiet minutes are zeros, not gaps). A mention whose window has closed is left out (`lateMentions`).
 * Each closed bucket feeds:
 * - `negative_count`: negatives per window, by the record detector of `vakt detect` with its defaults (median
 *   baseline, a burst must beat the watch's own record of the last month, one alert per storm);
 * - `negative_share`: negatives / all mentions, shrunk towards the usual share when a window has few mentions (the
 *   same record detector, on a level instead of a count);
 * - `reach_negativity`: negatives weighted by reach (followers, reposts, replies), so one big account counts more
 *   (the same record detector);
 * and each mention's engagement snapshot feeds `velocity` (one post's reposts/replies accelerating), which pages only
 * while a window series has an episode open (a popular post on an otherwise usual day is not a storm).
 * A series detector opens an *episode* when its window is unusual; the page policy (`page-policy.ts`: absolute
 * support, cold start) decides at which window of the episode, if any, it is worth a `fire`. A `resolve` follows
 * only a fire. A negative count or reach page can go out before its window closes (`early-pages.ts`).
 * The detector is pure: time is the events' and the caller's `now` passed to `advance`.
 */
export type {
  MentionObservation,
  ObservationFields,
  SeriesName,
  WatchDetectorOptions,
  WatchEvent,
} from './watch-types.js';

/** Reach weight of one mention: 1 + log10(1 + followers) + log10(1 + reposts + replies). */
export const reachWeight = (m: { followers?: number; reposts?: number; replies?: number }): number =>
  1 + Math.log10(1 + (m.followers ?? 0)) + Math.log10(1 + (m.reposts ?? 0) + (m.replies ?? 0));

const MAX_FUTURE_MS = 5 * 60_000;
const MAX_GAP_MS = 7 * 24 * 3_600_000;

export function windowLabel(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

/** Window length and lateness with their defaults (a caller tracking the input's watermark needs the same). */
export function detectorTiming(options: Pick<WatchDetectorOptions, 'windowMs' | 'latenessMs'> = {}) {
  const windowMs = options.windowMs ?? 60_000;
  return { windowMs, latenessMs: options.latenessMs ?? Math.min(windowMs, 10_000) };
}

export function createWatchDetector<T>(options: WatchDetectorOptions = {}) {
  const { windowMs, latenessMs: lateness } = detectorTiming(options);
  const evidenceWindows = options.evidenceWindows ?? 10;
  const earlyPages = options.earlyPages ?? true;
  const velocityQuiet = options.velocityQuietMs ?? 30 * 60_000;
  const label = windowLabel(windowMs);
  // `vakt detect` waits two days before its first alert; a watch cannot: a team adds one when a story breaks. Here the
  // record detector warms up on its first windows only, and the page policy's cold-start rule (overwhelming evidence,
  // stated in the alert) decides while the watch is young.
  const countOpts: RecordDetectorOptions = { warmupMs: 0, ...options.count };
  const detectors = {
    negative_count: createRecordDetector(countOpts),
    // A weighted count (every negative weighs at least 1), so a count for the pseudo-count and support sums. One
    // negative post from a big account weighs up to ~8: the floor asks for several posts' worth of excess.
    reach_negativity: createRecordDetector({ supportFloor: 12, ...countOpts, counts: true }),
    // A share 10 points above the usual, at least: a few points of drift are not a storm.
    negative_share: createRecordDetector({ supportFloor: 0.1, ...countOpts, ...options.share, counts: false }),
  };
  const priorMentions = options.share?.priorMentions ?? 10;
  /** The share detector's baseline so far (a prior of 20 % before the first window). */
  let usualShare = 0.2;
  const velocity = createVelocityTracker(options.velocity);
  const policy = createPagePolicy(options.page);
  /** Per window series: its episode (`watch-state.ts`). */
  const closed = (): Episode => ({ open: false, paged: false, baseline: 0, thresholds: [Infinity, Infinity] });
  const episodes: Record<WindowSeries, Episode> = {
    negative_count: closed(),
    reach_negativity: closed(),
    negative_share: closed(),
  };
  const terms = new TermTracker(options.terms);
  const open = new Map<number, Bucket<T>>();
  const recent: Bucket<T>[] = [];
  /** This watch's own watermark: its newest event time − lateness (the stream's is passed to `add`/`advance`). */
  let watermark = -Infinity;
  let lastArrivalClock: number | undefined;
  let nextToClose: number | undefined;
  /** Windows before this have closed; a mention for one of them is late (-Infinity until the first close). */
  let closedUntil = -Infinity;
  let lateMentions = 0;
  let velocityFiredAt: number | undefined;
  let velocityLastHot = -Infinity;

  /**
   * A hot post waits up to the evidence windows for a window series to open an episode, and pages only then: one
   * negative post spreading while the watch's negatives stay usual is a popular post, not a storm (and engagement is
   * heavy-tailed: some post of any watch beats the month's record now and then). A storm's hot post opens the
   * count or reach episode within minutes, or already has.
   */
  let velocityPending: { hit: VelocityHit; payload: T; at: number } | undefined;
  const corroborated = (): boolean => Object.values(episodes).some((e) => e.open);

  function fireVelocity(at: number, out: WatchEvent<T>[]): void {
    const { hit, payload } = velocityPending!;
    velocityPending = undefined;
    velocityFiredAt = at;
    const cold = policy.coldStart();
    const ev = evidence();
    out.push({
      kind: 'fire',
      series: 'velocity',
      window: label,
      at,
      score: Math.min(1, hit.perMinute / (hit.perMinute + hit.threshold)),
      observed: hit.perMinute,
      expected: hit.typicalPerMinute,
      severity: 'critical',
      topMentions: [payload, ...ev.topMentions.filter((p) => p !== payload)].slice(0, 5),
      surgingTerms: ev.surgingTerms,
      baselineAgeMs: cold.ageMs,
      coldStart: cold.cold,
      requiredFactor: Number(cold.ratio.toFixed(2)),
      support: hit.engagement,
    });
  }

  /**
   * The open window of event time `at`, or undefined when that window has closed. A mention later than the watermark
   * allows is left out of detection (and counted; the sink still stores it): adding it to a later window, as a
   * catch-all for late data would, makes a pile-up of delayed mentions look like a burst in that window and pages
   * for it, and reopening a closed window would change a decision already taken.
   */
  const bucketOf = (at: number): Bucket<T> | undefined => {
    const start = Math.floor(at / windowMs) * windowMs;
    if (start < closedUntil) return undefined;
    let b = open.get(start);
    if (!b) open.set(start, (b = { start, total: 0, negatives: 0, reach: 0, negMentions: [] }));
    if (nextToClose === undefined || start < nextToClose) nextToClose = start;
    return b;
  };

  function evidence() {
    const negs = recent.flatMap((b) => b.negMentions);
    const top = [...negs]
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((m) => m.payload);
    return {
      topMentions: top,
      surgingTerms: terms.surging(
        negs.map((m) => m.text),
        10,
      ),
    };
  }

  /**
   * Absolute support of an anomaly: the evidence windows' negatives beyond what their baselines could plausibly
   * produce (the 99.9 % Poisson upper bound of the expected negatives, so sampling noise is not support). A share
   * anomaly's negatives are also held to the count baseline: when volume dips (nights, holidays) the share of a
   * handful of posts swings widely on negatives no more numerous than usual.
   */
  function support(series: WindowSeries): number {
    let observed = 0;
    let expected = 0;
    for (const r of recent) {
      const count = r.expectedNegatives ?? 0;
      observed += r.negatives;
      expected += series === 'negative_share' ? Math.max(r.total * (r.expectedShare ?? 0), count) : count;
    }
    return Math.max(0, observed - poissonUpper(expected));
  }

  /**
   * One event of a window series. Critical: very strong evidence, or a window whose negatives are far above what the
   * watch could plausibly expect (a near-zero expectation is floored by the calm history's upper bound, so ×90 on 0.1
   * expected is not critical by itself) with the minimum support (net of sampling noise already). The same rule for
   * every series, so a storm's severity does not depend on which series noticed it first, and a burst that pages does
   * not page again minutes later as an escalation.
   */
  function event(
    kind: 'fire' | 'resolve',
    series: SeriesName,
    v: EventFacts,
    sup: number,
    w: { at: number; negatives: number; expectedNegatives: number; windowOpen?: boolean },
  ): WatchEvent<T> {
    const cold = policy.coldStart();
    const floor = policy.upperNegativesPerWindow();
    const base = Math.max(Math.min(w.expectedNegatives, episodes.negative_count.baseline || Infinity), floor);
    const critical = v.score >= 0.8 || (w.negatives >= 5 * base && sup >= policy.options.minSupport * cold.support);
    return {
      kind,
      series,
      window: label,
      at: w.at,
      score: v.score,
      observed: v.observed,
      expected: v.expected,
      severity: critical ? 'critical' : 'warning',
      ...(kind === 'fire' ? evidence() : { topMentions: [], surgingTerms: [] }),
      baselineAgeMs: cold.ageMs,
      coldStart: cold.cold,
      requiredFactor: Number(cold.ratio.toFixed(2)),
      support: Math.round(sup),
      ...(w.windowOpen ? { windowOpen: true } : {}),
    };
  }

  const early = createEarlyPages<T>({ detectors, episodes, policy, evidenceWindows, open, recent, event });

  function close(b: Bucket<T>, out: WatchEvent<T>[]): void {
    const at = b.start + windowMs;
    const count = detectors.negative_count.push({ ts: b.start, value: b.negatives });
    const reach = detectors.reach_negativity.push({ ts: b.start, value: b.reach });
    // The share of the evidence windows together (one minute's share is mostly noise), shrunk towards the usual share
    // by `priorMentions` mentions' worth: two negatives out of two at night are a share of 1 on no evidence, and must
    // not set a record a real storm then has to beat.
    let negs = b.negatives;
    let total = b.total;
    for (const r of recent.slice(1 - evidenceWindows)) {
      negs += r.negatives;
      total += r.total;
    }
    const share = detectors.negative_share.push({
      ts: b.start,
      value: (negs + priorMentions * usualShare) / (total + priorMentions),
    });
    usualShare = share.expected;
    b.expectedNegatives = count.expected;
    b.expectedShare = share.expected;
    recent.push(b);
    if (recent.length > evidenceWindows) recent.shift();
    const emit = (kind: 'fire' | 'resolve', series: SeriesName, v: EventFacts, sup: number) =>
      out.push(event(kind, series, v, sup, { at, negatives: b.negatives, expectedNegatives: count.expected }));
    const verdicts: Array<[WindowSeries, RecordVerdict]> = [
      ['negative_count', count],
      ['reach_negativity', reach],
      ['negative_share', share],
    ];
    for (const [series, v] of verdicts) {
      const ep = episodes[series];
      // A page that went out while this window was still counting and that its close does not confirm.
      if (early.withdrawn(series, b.start, v)) {
        emit('resolve', series, v, support(series));
        Object.assign(ep, { open: false, paged: false });
        continue;
      }
      if (v.alert) {
        Object.assign(ep, {
          open: true,
          baseline: count.expected,
          thresholds: [v.pointThreshold, v.sustainedThreshold],
        });
      }
      if (ep.open && !ep.paged) {
        const sup = support(series);
        const recordExcess = Math.max(v.pointSurprise - ep.thresholds[0], v.sustainedSurprise - ep.thresholds[1]);
        if (policy.allows({ support: sup, negatives: b.negatives, expectedNegatives: ep.baseline, recordExcess })) {
          ep.paged = true;
          emit('fire', series, v, sup);
        }
      }
      if (v.resolved) {
        if (ep.paged) emit('resolve', series, v, support(series));
        Object.assign(ep, { open: false, paged: false });
      }
    }
    policy.window(b.start, at, b.negatives, !corroborated());
    if (velocityPending && velocityFiredAt === undefined) {
      if (at - velocityPending.at > evidenceWindows * windowMs) velocityPending = undefined;
      else if (corroborated()) fireVelocity(at, out);
    }
    if (velocityFiredAt !== undefined && at - velocityLastHot >= velocityQuiet) {
      emit('resolve', 'velocity', { score: 0, observed: 0, expected: 0 }, 0);
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
      closedUntil = nextToClose;
    }
  }

  return {
    windowLabel: label,
    /**
     * Adds one mention (at `clock`, the caller's now). Returns events decided by buckets this closes. Windows close up
     * to the lower of this watch's watermark and `streamWatermark`, the input's (`PartitionWatermark`: every
     * partition has passed it); the watch's own one still matters when mentions of one watch come after another's in
     * a partition (a connector back-filling query by query).
     */
    add(input: MentionObservation<T>, clock: number, streamWatermark = Infinity): WatchEvent<T>[] {
      const out: WatchEvent<T>[] = [];
      // A source clock in the future must not drag the watermark (and every watch's windows) ahead of real time.
      const m = input.at > clock + MAX_FUTURE_MS ? { ...input, at: clock } : input;
      const b = bucketOf(m.at);
      if (!b) {
        lateMentions += 1;
        return out;
      }
      b.total += 1;
      if (m.label === 'negative') {
        b.negatives += 1;
        const w = reachWeight(m);
        b.reach += w;
        b.negMentions.push({ weight: w, text: m.text, payload: m.payload });
        // Bounded evidence per bucket: keep the heaviest.
        if (b.negMentions.length > 200) b.negMentions.sort((x, y) => y.weight - x.weight).length = 100;
        const engagement = (m.reposts ?? 0) + (m.replies ?? 0);
        const cold = policy.coldStart();
        const hit = engagement > 0 ? velocity.observe(m.key, m.at, engagement, m.snapshotAgeMs, cold.ratio) : undefined;
        if (hit) {
          velocityLastHot = m.at;
          if (velocityFiredAt === undefined) {
            velocityPending = { hit, payload: m.payload, at: m.at };
            if (corroborated()) fireVelocity(m.at, out);
          }
        }
        if (earlyPages) early.page(b, m.at, out);
      }
      watermark = Math.max(watermark, m.at - lateness);
      lastArrivalClock = clock;
      closeUpTo(Math.min(watermark, streamWatermark), out);
      return out;
    },
    /**
     * Advances time without mentions: windows the stream's watermark has released since this watch's last mention
     * close, and after a lull longer than `windowMs + latenessMs` on the clock, empty windows close (never past
     * `streamWatermark`: a partition still being read may hold this watch's mentions).
     */
    advance(clock: number, streamWatermark = Infinity): WatchEvent<T>[] {
      const out: WatchEvent<T>[] = [];
      if (lastArrivalClock === undefined || nextToClose === undefined) return out;
      closeUpTo(Math.min(watermark, streamWatermark), out);
      // Only a real lull closes windows by the clock: a pipeline that delivers in bursts (batching, a slow scorer)
      // must not get its windows closed between bursts, which would turn steady traffic into zeros and lumps.
      // And only for a live stream: when the last mention was already older than a window plus the lateness (a
      // back-fill, a replay), the clock says nothing about event time, and closing by it would make the rest of the
      // history late.
      const idle = clock - lastArrivalClock;
      const live = lastArrivalClock - (watermark + lateness) <= windowMs + lateness;
      if (live && idle > windowMs + lateness) closeUpTo(Math.min(watermark + idle, streamWatermark), out);
      return out;
    },
    /** Mentions left out of detection because their window had closed (see `bucketOf`). */
    lateMentions: () => lateMentions,
  };
}

export type WatchDetector<T> = ReturnType<typeof createWatchDetector<T>>;
