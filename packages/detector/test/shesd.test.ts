import { describe, expect, it } from 'vitest';
import { rng } from '@vakt/random/mulberry32';
import { esdAlphaAt, esdOutlierCount, hybridEsdUpper, seasonalHybridEsd } from '../src/sim/shesd.js';

const STEP = 300_000;
const DAY = 86_400_000;

/** 10 days of 5-minute points with a daily rhythm (10 → 50 → 10) and bell-shaped noise of about ±6, seeded. */
function dailyRhythm(seed: number, days = 10): Array<{ ts: number; value: number }> {
  const u = rng(seed);
  const out = [];
  for (let i = 0; i < (days * DAY) / STEP; i++) {
    const ts = i * STEP;
    const level = 30 - 20 * Math.cos((2 * Math.PI * (ts % DAY)) / DAY);
    out.push({ ts, value: Math.round(level + 4 * (u() + u() + u() - 1.5)) });
  }
  return out;
}

describe('hybrid generalized ESD (upper tail)', () => {
  it('uses the median and 1.4826 × MAD of the values left, and removes the largest first', () => {
    // median 3.5, |x − 3.5| = 2.5 1.5 0.5 0.5 1.5 96.5 → MAD 1.5; then without 100: median 3, MAD 1.
    const esd = hybridEsdUpper([1, 2, 3, 4, 5, 100], 2);
    expect(esd.order).toEqual([5, 4]);
    expect(esd.r[0]).toBeCloseTo((100 - 3.5) / (1.4826 * 1.5), 10);
    expect(esd.r[1]).toBeCloseTo((5 - 3) / (1.4826 * 1), 10);
  });

  it("inverts Rosner's critical value: R = λ_i at the α returned", () => {
    // λ_i = (n − i) t / √((n − i − 1 + t²)(n − i + 1)), t the 1 − α/(n − i + 1) quantile of Student's t.
    // n = 54, i = 1, one-sided α = 0.025 (NIST's two-sided 0.05 example): λ_1 = 3.158 (NIST/SEMATECH e-Handbook §1.3.5.17.3).
    expect(esdAlphaAt(3.158, 54, 1)).toBeCloseTo(0.025, 3);
    // The NIST example's λ_10 = 3.085 (n − i = 44).
    expect(esdAlphaAt(3.085, 54, 10)).toBeCloseTo(0.025, 3);
    expect(esdAlphaAt(2, 54, 1)).toBeGreaterThan(0.05);
  });

  it('counts outliers as the largest i with R_i > λ_i, even after a step that misses', () => {
    expect(esdOutlierCount([0.2, 0.01, 0.3], 0.05)).toBe(2);
    expect(esdOutlierCount([0.2, 0.3], 0.05)).toBe(0);
  });
});

describe('Seasonal Hybrid ESD detector', () => {
  const run = (points: Array<{ ts: number; value: number }>) => {
    const d = seasonalHybridEsd({ stepMs: STEP });
    return points.map((p) => d.push(p));
  };

  it.each([1, 2, 3])('does not fire on a calm series with a daily rhythm (seed %d)', (seed) => {
    expect(run(dailyRhythm(seed)).filter((v) => v.alert)).toHaveLength(0);
  });

  it('fires on a clear spike, at the spike', () => {
    const points = dailyRhythm(4);
    const at = (8 * DAY) / STEP + 40;
    points[at] = { ...points[at]!, value: points[at]!.value + 60 };
    const out = run(points);
    expect(out.flatMap((v, i) => (v.alert ? [i] : []))).toEqual([at]);
    expect(out[at]!.score).toBeGreaterThan(-Math.log10(0.05));
  });
});
