import { createPagePolicy, poissonUpper, type PagePolicyOptions } from './page-policy.js';
import { createRecordDetector, type RecordDetectorOptions, type RecordVerdict } from './record-detector.js';
import { TermTracker, type SurgingTerm, type TermTrackerOptions } from './terms.js';
import { createVelocityTracker, type VelocityHit, type VelocityOptions } from './velocity.js';

/**
 * Everything the alerter detects for one watch. Mentions are bucketed by event time (`created_at`) into windows of
 * `windowMs`; a bucket closes when the watermark (latest event time − `latenessMs`) passes its end, or when the
 * clock moves on with no new mentions (quiet minutes are zeros, not gaps). Each closed bucket feeds:
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
 * only a fire.
 * The detector is pure: time is the events' and the caller's `now` passed to `advance`.
 */
export type SeriesName = 'negative_count' | 'negative_share' | 'reach_negativity' | 'velocity';

/**
 * One scored mention as the detector needs it. A neutral or positive mention only counts towards its window's total:
 * the detector reads its `at` and `label` and nothing else. For a negative one it also reads the text (surging
 * terms), reach and engagement (weight, velocity) and `payload`, which it carries through to alerts untouched; so
 * `payload` is required for negatives only, and a caller may skip building it for the others.
 */
export type MentionObservation<T> = ObservationFields &
  ({ label: 'negative'; payload: T } | { label: 'neutral' | 'positive'; payload?: T });

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
  /** Event time the watch's baseline covered when this was decided. */
  baselineAgeMs: number;
  /** The baseline was younger than the cold-start time: the page needed overwhelming evidence. */
  coldStart: boolean;
  /** How many times the usual evidence a page needed at this age (1 once the baseline is mature). */
  requiredFactor: number;
  /** Negative mentions over the evidence windows beyond the baseline's 99.9 % upper bound (velocity: the post's reposts+replies). */
  support: number;
}

export interface WatchDetectorOptions {
  windowMs?: number;
  latenessMs?: number;
  /** Recent windows whose negatives are evidence (top mentions, surging terms). */
  evidenceWindows?: number;
  /** Record detector options for the count series (negatives, reach); production uses the defaults. */
  count?: RecordDetectorOptions;
  /** Record detector options for the negative share; `priorMentions`: weight of the usual share in each window. */
  share?: RecordDetectorOptions & { priorMentions?: number };
  velocity?: VelocityOptions;
  /** A velocity alert resolves after this long without a new hot post. */
  velocityQuietMs?: number;
  /** Absolute support and cold start, for every series. */
  page?: PagePolicyOptions;
  /** Surging terms: pass the watch's own names as `exclude` so an alert never says the watch's name is surging. */
  terms?: TermTrackerOptions;
}

interface Bucket<T> {
  start: number;
  total: number;
  negatives: number;
  reach: number;
  negMentions: Array<{ weight: number; text: string; payload: T }>;
  /** Set when the bucket closes: baselines' expected negatives (count) and expected share. */
  expectedNegatives?: number;
  expectedShare?: number;
}

type WindowSeries = Exclude<SeriesName, 'velocity'>;

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
  /** Per window series: an episode is open (the detector fired and has not released) and whether it was paged. */
  // `baseline`: expected negatives per window when the episode opened. A young baseline chases a storm within minutes,
  // so the cold-start ratio is taken against the expectation from before the storm, not the current one.
  // `thresholds`: the series' record thresholds (point, sustained) when the episode opened. The records learn from the
  // storm's own windows, so how far a later window beats the record is measured against the record from before it.
  const closed = () => ({
    open: false,
    paged: false,
    baseline: 0,
    thresholds: [Infinity, Infinity] as [number, number],
  });
  const episodes: Record<WindowSeries, ReturnType<typeof closed>> = {
    negative_count: closed(),
    reach_negativity: closed(),
    negative_share: closed(),
  };
  const terms = new TermTracker(options.terms);
  const open = new Map<number, Bucket<T>>();
  const recent: Bucket<T>[] = [];
  let watermark = -Infinity;
  let lastArrivalClock: number | undefined;
  let nextToClose: number | undefined;
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
    const cold = policy.coldStart();
    const floor = policy.upperNegativesPerWindow();
    const emit = (
      kind: 'fire' | 'resolve',
      series: SeriesName,
      v: { score: number; observed: number; expected: number },
      sup: number,
    ) => {
      // Critical: very strong evidence, or a window whose negatives are far above what the watch could plausibly
      // expect (a near-zero expectation is floored by the calm history's upper bound, so ×90 on 0.1 expected is not
      // critical by itself) with the minimum support (net of sampling noise already). The same rule for every series,
      // so a storm's severity does not depend on which series noticed it first, and a burst that pages does not page
      // again minutes later as an escalation.
      const base = Math.max(Math.min(count.expected, episodes.negative_count.baseline || Infinity), floor);
      const critical = v.score >= 0.8 || (b.negatives >= 5 * base && sup >= policy.options.minSupport * cold.support);
      out.push({
        kind,
        series,
        window: label,
        at,
        score: v.score,
        observed: v.observed,
        expected: v.expected,
        severity: critical ? 'critical' : 'warning',
        ...(kind === 'fire' ? evidence() : { topMentions: [], surgingTerms: [] }),
        baselineAgeMs: cold.ageMs,
        coldStart: cold.cold,
        requiredFactor: Number(cold.ratio.toFixed(2)),
        support: Math.round(sup),
      });
    };
    const verdicts: Array<[WindowSeries, RecordVerdict]> = [
      ['negative_count', count],
      ['reach_negativity', reach],
      ['negative_share', share],
    ];
    for (const [series, v] of verdicts) {
      const ep = episodes[series];
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
        const cold = policy.coldStart();
        const hit = engagement > 0 ? velocity.observe(m.key, m.at, engagement, m.snapshotAgeMs, cold.ratio) : undefined;
        if (hit) {
          velocityLastHot = m.at;
          if (velocityFiredAt === undefined) {
            velocityPending = { hit, payload: m.payload, at: m.at };
            if (corroborated()) fireVelocity(m.at, out);
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
