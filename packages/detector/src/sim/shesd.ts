import { incompleteBeta } from '../stats.js';
import type { SimpleDetector } from './baselines.js';

/**
 * Seasonal Hybrid ESD (S-H-ESD; Hochenbaum, Vallis & Kejariwal 2017, "Automatic Anomaly Detection in the Cloud Via
 * Statistical Learning", the method of Twitter's AnomalyDetection R package and its ADVec), as a causal streaming
 * baseline for `npm run bench:alerts`.
 *
 * Faithful to the paper and the package:
 * - the residual is the value minus a daily seasonal component minus the median of the window (the "hybrid": a median
 *   in place of STL's trend, like the package's long-term mode with its 2-week piecewise median);
 * - generalized ESD (Rosner 1983) on the residuals with the median and the MAD (× 1.4826, R's `mad`) in place of the
 *   mean and the standard deviation, recomputed after each removal; at most k = `maxAnoms` × n outliers; critical
 *   values λ_i from Student's t with n − i − 1 degrees of freedom; the outlier count is the largest i with R_i > λ_i;
 *   alpha 0.05 by default; a constant residual (MAD 0) ends the test, as in the package;
 * - upper tail only (the package's `direction = 'pos'`): Vakt pages on rises, not drops.
 *
 * Not faithful:
 * - the seasonal component of a point is the median of its phase (same time of day) over the window, from the other
 *   days: not STL's periodic loess, and leaving the point out (`leaveOneOut`). With the point in its own phase
 *   median, a phase holding three days gives one residual in three exactly 0, the MAD shrinks and ESD at α = 0.05
 *   fires on a calm daily rhythm (the unit test); STL's smoothed seasonal does not zero residuals that way;
 * - the test runs on the trailing 14 days at every point and only the newest point can be flagged (a batch run flags
 *   points anywhere in its window, in hindsight; a pager cannot). No alert before the series spans two periods, the
 *   package's minimum;
 * - k = 2 % of the window (the package's default `max_anoms` is 10 %: slower here and no better on the bench series);
 * - alerts go through the same 6-hour cooldown as the other baselines.
 *
 * Cost: ESD removes the largest remaining residual at each step whatever the median and MAD are, so the removal order
 * is the descending order of the residuals and the newest point can be flagged only if it ranks in the top k. Each
 * point costs an update of the residuals of the phases that changed and one O(n) count of its rank; only a point in
 * the top k sorts the window and runs the k steps (O(n log n + k n)).
 */

const MAD_SCALE = 1.4826;

/**
 * Upper-tail hybrid generalized ESD on `values`, up to `maxOutliers` steps. Step i (0-based) removes `order[i]` (ties:
 * the earlier index first, like R's `which.max`) with statistic `r[i]` = (x − median) / (1.4826 · MAD) of the values
 * left before it, and `alphaAt[i]`: the α at which λ_i equals R_i, so step i exceeds its critical value iff
 * `alphaAt[i] < α`. Fewer steps than `maxOutliers` when the MAD reaches 0.
 */
export function hybridEsdUpper(
  values: ArrayLike<number>,
  maxOutliers: number,
): { order: number[]; r: number[]; alphaAt: number[] } {
  const n = values.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  // Ascending by value; among equal values the earlier index last, so it is removed first from the top.
  idx.sort((a, b) => values[a]! - values[b]! || b - a);
  const s = Float64Array.from(idx, (i) => values[i]!);
  const order: number[] = [];
  const r: number[] = [];
  const alphaAt: number[] = [];
  for (let i = 1; i <= Math.min(maxOutliers, n - 2); i++) {
    const m = n - i + 1; // values left before this removal
    const med = sortedMedian(s, m);
    const mad = MAD_SCALE * sortedMad(s, m, med);
    if (!(mad > 0)) break;
    const stat = (s[m - 1]! - med) / mad;
    order.push(idx[m - 1]!);
    r.push(stat);
    alphaAt.push(esdAlphaAt(stat, n, i));
  }
  return { order, r, alphaAt };
}

/** Number of outliers at level `alpha`: the largest i (1-based) with R_i > λ_i(α). */
export function esdOutlierCount(alphaAt: number[], alpha: number): number {
  for (let i = alphaAt.length; i >= 1; i--) if (alphaAt[i - 1]! < alpha) return i;
  return 0;
}

/**
 * Inverts Rosner's one-sided critical value λ_i = (n − i) t / √((n − i − 1 + t²)(n − i + 1)), t = t_{p, n−i−1},
 * p = 1 − α / (n − i + 1): the α for which λ_i = R.
 */
export function esdAlphaAt(rStat: number, n: number, i: number): number {
  const m = n - i;
  const df = m - 1;
  const denom = m * m - rStat * rStat * (m + 1);
  if (denom <= 0) return rStat > 0 ? 0 : m + 1;
  const t = Math.sign(rStat) * Math.sqrt((rStat * rStat * df * (m + 1)) / denom);
  const halfTail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return (m + 1) * (t >= 0 ? halfTail : 1 - halfTail);
}

function sortedMedian(s: Float64Array, m: number): number {
  const h = m >> 1;
  return m % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Median of |s[j] − med| over the sorted prefix s[0..m): the two distance runs from the middle are merged in order. */
function sortedMad(s: Float64Array, m: number, med: number): number {
  let lo = (m >> 1) - 1; // next index below the middle
  let hi = m >> 1; // next index from the middle up
  const take = () => (hi < m && (lo < 0 || s[hi]! - med <= med - s[lo]!) ? s[hi++]! - med : med - s[lo--]!);
  const half = m >> 1;
  for (let k = 0; k < half - (m % 2 ? 0 : 1); k++) take();
  const a = take();
  return m % 2 ? a : (a + take()) / 2;
}

/** Median of the sorted `a` without one copy of `x` (which it holds): a point's phase median from the other days. */
function medianWithout(a: number[], x: number): number {
  const r = a.indexOf(x);
  const m = a.length - 1;
  if (m === 0) return x;
  const at = (j: number) => (j < r ? a[j]! : a[j + 1]!);
  const h = m >> 1;
  return m % 2 ? at(h) : (at(h - 1) + at(h)) / 2;
}

export interface ShesdOptions {
  /** ESD level (the package's default 0.05). */
  alpha?: number;
  /** Most outliers tested, as a fraction of the window. */
  maxAnoms?: number;
  /** Sampling step of the series: a phase of the period is one step. */
  stepMs: number;
  periodMs?: number;
  windowMs?: number;
  cooldownMs?: number;
  /** A point's seasonal median leaves the point out (default; see the top of the file). */
  leaveOneOut?: boolean;
}

const DAY = 86_400_000;

/**
 * The streaming detector. `score` is −log10 of the smallest α at which the newest point is an ESD outlier (0 when it
 * cannot be one), so `score > −log10 α` reproduces the alert at any α.
 */
export function seasonalHybridEsd(o: ShesdOptions): SimpleDetector {
  const { alpha = 0.05, maxAnoms = 0.02, stepMs, periodMs = DAY, windowMs = 14 * DAY, leaveOneOut = true } = o;
  const cooldownMs = o.cooldownMs ?? 6 * 3_600_000;
  const phases = Math.max(1, Math.round(periodMs / stepMs));
  // Per phase: its values in the window, sorted, and the positions of its points (oldest first).
  const sorted: number[][] = Array.from({ length: phases }, () => []);
  const members: number[][] = Array.from({ length: phases }, () => []);
  // The window's points by absolute position; index = position − base.
  let ts: number[] = [];
  let vals: number[] = [];
  let resid: number[] = [];
  let ph: number[] = [];
  let base = 0;
  let head = 0; // absolute position of the oldest point in the window
  let until = -Infinity;
  let first: number | undefined;
  const refresh = (p: number) => {
    const a = sorted[p]!;
    const plain = a.length ? sortedMedian(Float64Array.from(a), a.length) : 0;
    for (const q of members[p]!) {
      const x = vals[q - base]!;
      resid[q - base] = x - (leaveOneOut ? medianWithout(a, x) : plain);
    }
  };
  const insert = (a: number[], x: number) => {
    let j = a.length;
    while (j > 0 && a[j - 1]! > x) j -= 1;
    a.splice(j, 0, x);
  };
  return {
    push({ ts: now, value }) {
      const p = Math.floor((((now % periodMs) + periodMs) % periodMs) / stepMs) % phases;
      const pos = base + ts.length;
      ts.push(now);
      vals.push(value);
      resid.push(0);
      ph.push(p);
      insert(sorted[p]!, value);
      members[p]!.push(pos);
      const changed = new Set([p]);
      while (ts[head - base]! <= now - windowMs) {
        const q = ph[head - base]!;
        members[q]!.shift();
        sorted[q]!.splice(sorted[q]!.indexOf(vals[head - base]!), 1);
        changed.add(q);
        head += 1;
      }
      for (const q of changed) refresh(q);
      if (head - base > 4096) {
        ts = ts.slice(head - base);
        vals = vals.slice(head - base);
        resid = resid.slice(head - base);
        ph = ph.slice(head - base);
        base = head;
      }
      first ??= now;
      if (now - first < 2 * periodMs - stepMs) return { alert: false, score: 0 };
      const from = head - base;
      const n = resid.length - from;
      const k = Math.floor(maxAnoms * n);
      // Rank of the newest residual in removal order: larger ones, and equal earlier ones, go first.
      const mine = resid[resid.length - 1]!;
      let rank = 1;
      for (let j = from; j < resid.length - 1; j++) if (resid[j]! >= mine) rank += 1;
      if (rank > k) return { alert: false, score: 0 };
      const esd = hybridEsdUpper(resid.slice(from), k);
      let best = Infinity;
      for (let i = rank - 1; i < esd.alphaAt.length; i++) best = Math.min(best, esd.alphaAt[i]!);
      const score = best === Infinity ? 0 : -Math.log10(best);
      const hit = score > -Math.log10(alpha) && now >= until;
      if (hit) until = now + cooldownMs;
      return { alert: hit, score };
    },
  };
}
