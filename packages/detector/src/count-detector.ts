import { SeasonalBaseline, type BaselineOptions } from './baseline.js';
import { negBinUpperTail, zFromUpperTail } from './stats.js';
import { createEdgeTrigger, type DetectorState } from './trigger.js';

/**
 * The count-series spike detector behind `vakt detect --jsonl` and each series of the alerter.
 *
 * Per point: expected value from a seasonal baseline; the negative-binomial upper-tail p-value of the observation;
 * its z-equivalent feeds a one-sided CUSUM so a storm that builds over several points fires on its rising edge
 * rather than at the top; a single extreme point fires at once. Minimum support (excess over expected, relative to
 * the series' own level) keeps three posts at night from paging anyone. Hysteresis: once firing, the detector stays
 * in one storm until evidence has been low for `releaseMs`, then refuses new alerts for `cooldownMs`.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface CountDetectorOptions extends BaselineOptions {
  /** Points before any alert may fire (the baseline is learning). */
  warmupPoints?: number;
  /** Time covered before any alert may fire. */
  warmupMs?: number;
  /** CUSUM allowance: z-values below this do not accumulate. */
  cusumK?: number;
  /** CUSUM decision threshold (in z units summed over points). */
  cusumH?: number;
  /** A single point with z at or above this fires alone. */
  zHard?: number;
  /** The firing point itself must have at least this z (≈ p < 0.025 at 2). */
  zTrigger?: number;
  /** Minimum excess over expected summed over the current CUSUM run, in multiples of the deseasonalised level. */
  minSupportRel?: number;
  /** Minimum excess in absolute units, used when the series holds integer counts. */
  minSupportAbs?: number;
  /** Minimum excess in absolute units for any series (e.g. reach-weighted sums, where one post weighs 1–8). */
  supportFloor?: number;
  /** Evidence must stay low this long before a storm is considered over. */
  releaseMs?: number;
  /** After a storm ends, no new alert for this long (one storm, one alert). */
  cooldownMs?: number;
}

export type { DetectorState } from './trigger.js';

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
  /** NB upper-tail p-value of this point. */
  pValue: number;
  /** The p-value as a z-score (capped at 12). */
  z: number;
}

export interface CountDetector {
  push(point: CountPoint): CountVerdict;
  readonly options: Readonly<Required<CountDetectorOptions>>;
}

export const COUNT_DETECTOR_DEFAULTS: Required<Omit<CountDetectorOptions, keyof BaselineOptions>> = {
  warmupPoints: 24,
  warmupMs: 24 * HOUR,
  cusumK: 0.75,
  cusumH: 6,
  zHard: 4.5,
  zTrigger: 2,
  minSupportRel: 2,
  minSupportAbs: 5,
  supportFloor: 0,
  releaseMs: 2 * HOUR,
  cooldownMs: 4 * HOUR,
};

/** Creates a detector. Pure and synchronous: output depends only on the points pushed so far. */
export function createCountDetector(options: CountDetectorOptions = {}): CountDetector {
  const o = { ...COUNT_DETECTOR_DEFAULTS, ...options } as Required<CountDetectorOptions>;
  const baseline = new SeasonalBaseline(options);
  let lastTs: number | undefined;
  let step = MINUTE;
  const trigger = createEdgeTrigger(o);
  let integerSeries = true;
  let runExcess = 0;

  function push(point: CountPoint): CountVerdict {
    const ts = point.ts;
    const x = Number.isFinite(point.value) ? Math.max(0, point.value) : 0;
    if (!Number.isInteger(x)) integerSeries = false;
    const ordered = lastTs === undefined || ts > lastTs;
    if (lastTs !== undefined && ordered) step = Math.min(Math.max(ts - lastTs, 1000), 24 * HOUR);
    const mu = Math.max(baseline.expected(ts), 1e-9);
    const alpha = baseline.dispersion;
    const p = baseline.count === 0 ? 1 : negBinUpperTail(x, mu, alpha);
    const z = Math.min(zFromUpperTail(p), 12);

    // Support: the excess accumulated over the current run (since the CUSUM last sat at zero) must matter relative to
    // what this series usually carries, so a slow rise of small points counts, and three posts at night do not.
    runExcess = trigger.cusum > 0 ? runExcess + (x - mu) : Math.max(0, x - mu);
    const minExcess = Math.max(o.minSupportRel * baseline.typicalLevel, integerSeries ? o.minSupportAbs : 0, o.supportFloor);
    const supported = x > mu && runExcess >= minExcess;
    const warm = baseline.count >= o.warmupPoints && baseline.span >= o.warmupMs;
    const t = trigger.step(ts, z, supported, warm);

    if (ordered) {
      baseline.update(ts, x, step);
      lastTs = ts;
    }
    return { score: t.score, alert: t.alert, resolved: t.resolved, state: t.state, expected: mu, observed: x, pValue: p, z };
  }

  return { push, options: o };
}
