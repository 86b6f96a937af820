import { RollingMax, RollingMean, RollingQuantiles } from './rolling.js';
import { negBinUpperTail, zFromUpperTail } from './stats.js';

/**
 * The storm detector behind `vakt detect --jsonl`: pages when a count series is more unusual than it has been at
 * any time in the last month, on one of two horizons.
 *
 * Mention counts are heavy-tailed: a company's stream has a burst "several times the usual" every few days, so any
 * fixed statistical threshold (z, NB p-value, ratio) pages every week on the series' ordinary bursts. What an
 * on-call person wants paged is the burst that is *bigger than the ordinary ones*. So the threshold is the series'
 * own record:
 *
 * 1. Baseline: the median of the last `baselineMs` (14 days) of values. A median ignores the bursts inside it, and
 *    a level shift becomes the new normal once it has lasted half the window; until then the record (3.) keeps it
 *    from paging more than once.
 * 2. Surprise on two horizons, as log ratios to the baseline (a pseudo-count of 1 for integer series, so 0 → 3 at
 *    night is ln 4, not infinite): the point itself, and the mean of the last `sustainMs` (1 h), which catches
 *    storms that build over an hour without one outstanding point.
 * 3. Record: a horizon fires when its surprise is at least its own maximum over the last `memoryMs` (30 days) and at
 *    least `minRatio` (2×). For a stationary series a new 30-day record on a horizon is rare by construction (about
 *    one per month for independent points, whatever the step), while a storm larger than anything recent is
 *    exactly what sets one. The sustained horizon fires only while the point is itself above the baseline.
 * 4. Minimum support: an integer series must exceed the baseline by `minSupportAbs` counts (3 posts at night on a
 *    quiet watch are not a storm even when they are a record), and every series by `supportFloor`.
 * 5. One storm, one alert: after an alert, no new one for `cooldownMs` (12 h); after that only a new record pages
 *    (an escalation). The alert resolves once the point and the median of the last `releaseMs` are both under
 *    `minRatio`, at least `releaseMs` after it fired: a median, so that one calm point inside a storm does not end
 *    it and one busy point after it (at one-minute steps, a few a day) does not hold it open.
 * 6. Warm-up: no alerts in the first `warmupMs` or `warmupPoints`, while the baseline and records form; again after a
 *    gap longer than `baselineMs` (the baseline has forgotten everything).
 * 7. Cold start: a young series' records are short. The largest of n ordinary surprises grows like ln n (light or
 *    exponential tails), so a record over the first days is about `ln(memory / age)` tail-scales below a month's
 *    record, and a young series sets "records" often. Until it is `memoryMs` old, both thresholds are raised by
 *    `coldStartMargin · ln(memoryMs / age)`: a young series needs overwhelming evidence, less so as it ages.
 *
 * Streaming and causal: a point is scored against the past only, then learned from.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RecordDetectorOptions {
  /** Window of the baseline median. */
  baselineMs?: number;
  /** How far back the records reach. */
  memoryMs?: number;
  /** Horizon of the sustained test (mean of the last `sustainMs`). */
  sustainMs?: number;
  /** A horizon fires only when its surprise beats its record by this much (log units: 0.05 ≈ 5 % above the record). */
  recordMargin?: number;
  /**
   * How fast an old record stops counting, in log units per day (0.05: a record 8× the baseline counts as 4× after two
   * weeks), so one huge storm does not mute the next large one for the whole `memoryMs`.
   */
  recordDecayPerDay?: number;
  /** Neither test fires below this ratio to the baseline. */
  minRatio?: number;
  /** No alert before this much time has been seen. */
  warmupMs?: number;
  /** No alert before this many points have been seen. */
  warmupPoints?: number;
  /**
   * Log units added to both thresholds per unit of ln(memoryMs / age) while the series is younger than `memoryMs`
   * (0 turns the cold-start rule off).
   */
  coldStartMargin?: number;
  /** After an alert, no new alert for this long (one storm, one alert). */
  cooldownMs?: number;
  /** A firing storm resolves (its alert ends) once the median of this long is under `minRatio` (see 5.). */
  releaseMs?: number;
  /** Integer series: the point must exceed the baseline by at least this many counts. */
  minSupportAbs?: number;
  /** Any series: the point must exceed the baseline by at least this much (e.g. reach-weighted sums). */
  supportFloor?: number;
  /** Added to integer counts before taking ratios, so 0 → 1 is not an infinite ratio. */
  pseudoCount?: number;
  /**
   * Whether the values are counts (pseudo-count and `minSupportAbs` apply) or levels such as a share (neither does).
   * Undefined: counts while every value so far is an integer.
   */
  counts?: boolean;
}

export const RECORD_DETECTOR_DEFAULTS: Required<Omit<RecordDetectorOptions, 'counts'>> &
  Pick<RecordDetectorOptions, 'counts'> = {
  baselineMs: 14 * DAY,
  memoryMs: 30 * DAY,
  sustainMs: HOUR,
  recordMargin: 0.05,
  recordDecayPerDay: 0,
  minRatio: 1.5,
  warmupMs: 2 * DAY,
  warmupPoints: 24,
  coldStartMargin: 0,
  cooldownMs: 12 * HOUR,
  releaseMs: HOUR,
  minSupportAbs: 5,
  supportFloor: 0,
  pseudoCount: 1,
};

/** `warmup` → `quiet` → `firing` (an alert) → `cooldown` (released, no new alert yet) → `quiet`. */
export type DetectorState = 'warmup' | 'quiet' | 'firing' | 'cooldown';

export interface CountPoint {
  /** Event time, ms since epoch. Must not go backwards (a point that does is scored but not learned from). */
  ts: number;
  value: number;
}

export interface CountVerdict {
  /** 0..1; 0.5 is the alert threshold. Monotone in the evidence, so a higher threshold trades recall for precision. */
  score: number;
  /** True only on the point where an alert fires (rising edge), not while it stays open. */
  alert: boolean;
  /** True on the point where the open storm is released (the alert resolves). */
  resolved: boolean;
  state: DetectorState;
  expected: number;
  observed: number;
  /** Negative-binomial upper-tail p-value of this point. */
  pValue: number;
  /** The p-value as a z-score (capped at 12). */
  z: number;
}

export interface RecordVerdict extends CountVerdict {
  /** ln((observed + c) / (baseline + c)): the point's surprise. */
  pointSurprise: number;
  /** The same for the mean of the last `sustainMs`. */
  sustainedSurprise: number;
  /** The threshold the point surprise had to reach (max of ln(minRatio) and its 30-day record, plus the cold-start margin). */
  pointThreshold: number;
  sustainedThreshold: number;
  /** Time seen so far (ms): how old the baseline is. */
  baselineAgeMs: number;
}

/** What `push` would decide on the point horizon alone, for a point still being counted (see `peek`). */
export interface PointPeek {
  /** `push` of this point (or of any larger value at the same time) would alert on the point horizon. */
  alert: boolean;
  /** As `push` scores an alerting point (at least 0.5 when `alert`). */
  score: number;
  expected: number;
  observed: number;
  pointSurprise: number;
  pointThreshold: number;
  sustainedThreshold: number;
}

export interface RecordDetector {
  push(point: CountPoint): RecordVerdict;
  /**
   * The point-horizon decision `push` would take on `point` now, learning nothing. For a count still growing (a window
   * not yet closed) an alert here holds for any larger final value pushed next at the same time: the baseline, the
   * records and the state only change on `push`, and the point test is monotone in the value.
   */
  peek(point: CountPoint): PointPeek;
  readonly options: Readonly<typeof RECORD_DETECTOR_DEFAULTS>;
}

/** Creates a detector. Pure and synchronous: output depends only on the points pushed so far. */
export function createRecordDetector(options: RecordDetectorOptions = {}): RecordDetector {
  const o = { ...RECORD_DETECTOR_DEFAULTS, ...options };
  const minSurprise = Math.log(o.minRatio);
  const baseline = new RollingQuantiles(o.baselineMs);
  const sustained = new RollingMean(o.sustainMs);
  const pointRecord = new RollingMax(o.memoryMs);
  const sustainedRecord = new RollingMax(o.memoryMs);
  let firstTs: number | undefined;
  /** Fixed origin of the record decay (never reset, so stored records stay comparable). */
  let origin: number | undefined;
  let lastTs: number | undefined;
  let n = 0;
  let integerSeries = o.counts ?? true;
  let state: DetectorState = 'warmup';
  let lastAlert = -Infinity;
  /** The values of the last `releaseMs`, for the release median. */
  const recent = new RollingQuantiles(o.releaseMs);

  /** The thresholds of both horizons at `ts` for a series `age` old (records decay, young series need more). */
  function thresholds(ts: number, age: number, peekOnly: boolean) {
    const decayNow = (o.recordDecayPerDay * (ts - (origin ?? ts))) / DAY;
    const young = o.coldStartMargin * Math.log(Math.max(1, o.memoryMs / Math.max(age, 1)));
    const record = (r: RollingMax) => (peekOnly ? r.peekMax(ts) : r.max(ts)) - decayNow + o.recordMargin;
    return {
      decayNow,
      point: Math.max(minSurprise, record(pointRecord)) + young,
      sustained: Math.max(minSurprise, record(sustainedRecord)) + young,
    };
  }
  const enough = (excess: number) => excess >= o.supportFloor && (!integerSeries || excess >= o.minSupportAbs);

  function peek(point: CountPoint): PointPeek {
    const ts = point.ts;
    const x = Number.isFinite(point.value) ? Math.max(0, point.value) : 0;
    const c = integerSeries && (o.counts !== undefined || Number.isInteger(x)) ? o.pseudoCount : 1e-9;
    const b = baseline.size ? baseline.quantile(0.5) : x;
    const s1 = Math.log((x + c) / (b + c));
    // After a gap longer than the baseline window, `push` starts a warm-up: nothing alerts.
    const restarts = firstTs === undefined || (lastTs !== undefined && ts - lastTs > o.baselineMs);
    const age = restarts ? 0 : ts - firstTs!;
    const thr = thresholds(ts, age, true);
    const warm = !restarts && n >= o.warmupPoints && age >= o.warmupMs;
    const ordered = lastTs === undefined || ts > lastTs;
    const rested = ts - lastAlert >= o.cooldownMs;
    const alert = warm && ordered && rested && s1 >= thr.point && enough(x - b);
    return {
      alert,
      score: alert ? Math.max(evidenceScore(s1 - thr.point), 0.5) : evidenceScore(s1 - thr.point),
      expected: b,
      observed: x,
      pointSurprise: s1,
      pointThreshold: thr.point,
      sustainedThreshold: thr.sustained,
    };
  }

  function push(point: CountPoint): RecordVerdict {
    const ts = point.ts;
    const x = Number.isFinite(point.value) ? Math.max(0, point.value) : 0;
    if (o.counts === undefined && !Number.isInteger(x)) integerSeries = false;
    const ordered = lastTs === undefined || ts > lastTs;
    // After a gap longer than the baseline window the median has forgotten everything: warm up again.
    if (firstTs === undefined || (lastTs !== undefined && ts - lastTs > o.baselineMs)) {
      firstTs = ts;
      n = 0;
    }
    origin ??= ts;
    const c = integerSeries ? o.pseudoCount : 1e-9;
    const age = ts - firstTs;

    baseline.advance(ts);
    const b = baseline.size ? baseline.quantile(0.5) : x;
    const mean = ordered ? sustained.add(ts, x) : sustained.mean;
    const s1 = Math.log((x + c) / (b + c));
    const s2 = Math.log((mean + c) / (b + c));
    // Records are kept as surprise + decay·t, so the decayed maximum is one deque maximum minus decay·now.
    const { decayNow, point: thr1, sustained: thr2 } = thresholds(ts, age, false);
    const evidence = Math.max(s1 - thr1, s1 > 0 ? s2 - thr2 : -Infinity);

    const warm = n >= o.warmupPoints && age >= o.warmupMs;
    // Support is the horizon's own excess: the point's, or the sustained window's, summed over its points for counts
    // (a storm of small windows, 3 above the usual for 20 minutes, rests on 60 counts, not on 3) and averaged for
    // levels (shares do not add up).
    const pointSupport = x - b;
    const sustainedSupport = ordered ? (mean - b) * (integerSeries ? sustained.count : 1) : 0;
    const supported =
      (s1 >= thr1 && enough(pointSupport)) ||
      (s1 > 0 && s2 >= thr2 && enough(sustainedSupport) && pointSupport >= o.supportFloor);
    let alert = false;
    let resolved = false;
    if (ordered) {
      recent.advance(ts);
      recent.add(ts, x);
    }
    if (
      state === 'firing' &&
      ts - lastAlert >= o.releaseMs &&
      s1 < minSurprise &&
      Math.log((recent.quantile(0.5) + c) / (b + c)) < minSurprise
    ) {
      state = 'cooldown';
      resolved = true;
    }
    const rested = ts - lastAlert >= o.cooldownMs;
    if (!warm) state = 'warmup';
    else if (state === 'warmup' || (state === 'cooldown' && rested)) state = 'quiet';
    // A storm still open after `cooldownMs` may page again only by beating its own record (an escalation).
    if (warm && rested && ordered && evidence >= 0 && supported) {
      state = 'firing';
      alert = true;
      lastAlert = ts;
    }

    if (ordered) {
      // Records include every point, alerts and warm-up alike: the next storm must beat this one.
      pointRecord.add(ts, s1 + decayNow);
      sustainedRecord.add(ts, s2 + decayNow);
      baseline.add(ts, x);
      lastTs = ts;
      n += 1;
    }

    // Score: 0.5 exactly at the threshold, monotone in the evidence; held below 0.5 except on the alerting point, so
    // thresholding it at 0.5 reproduces the alerts (scorers such as NAB count every point above a threshold).
    const raw = evidenceScore(evidence);
    const score = alert ? Math.max(raw, 0.5) : Math.min(raw, state === 'quiet' ? 0.49 : 0.45);
    const alpha = dispersion(baseline, b);
    const pValue = negBinUpperTail(x, Math.max(b, 1e-9), alpha);
    return {
      score,
      alert,
      resolved,
      state,
      expected: b,
      observed: x,
      pValue,
      z: Math.min(zFromUpperTail(pValue), 12),
      pointSurprise: s1,
      sustainedSurprise: s2,
      pointThreshold: thr1,
      sustainedThreshold: thr2,
      baselineAgeMs: age,
    };
  }

  return { push, peek, options: o };
}

/** Evidence (log units past the threshold) as a 0..1 score, 0.5 exactly at the threshold. */
function evidenceScore(evidence: number): number {
  return Number.isFinite(evidence) ? 1 / (1 + Math.exp(-4 * evidence)) : 0;
}

/** Negative-binomial alpha from the baseline window's interquartile range (Var = mu + alpha·mu²), for the p-value. */
function dispersion(w: RollingQuantiles, mu: number): number {
  if (w.size < 4 || !(mu > 0)) return 0.25;
  const sd = (w.quantile(0.75) - w.quantile(0.25)) / 1.349;
  return Math.min(25, Math.max(0.002, (sd * sd - mu) / (mu * mu)));
}
