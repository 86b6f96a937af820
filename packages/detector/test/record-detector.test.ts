import { describe, expect, it } from 'vitest';
import { rng } from '@vakt/random/mulberry32';
import { createRecordDetector, type RecordDetectorOptions } from '../src/record-detector.js';
import { RollingMax, RollingMean, RollingQuantiles } from '../src/rolling.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = 5 * MIN;
const T0 = Date.UTC(2026, 0, 5);

/** Poisson draws (Knuth; normal approximation above 60) from a seeded PRNG, so every case is reproducible. */
function poisson(r: () => number, mean: number): number {
  if (mean > 60)
    return Math.max(
      0,
      Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r())),
    );
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Runs a detector over `days` of 5-minute points with mean `mean(t)`; returns the alert times and every verdict. */
function run(
  days: number,
  mean: (t: number) => number,
  options: RecordDetectorOptions = {},
  seed = 1,
  force?: (t: number) => number | undefined,
) {
  const r = rng(seed);
  const d = createRecordDetector(options);
  const alerts: number[] = [];
  const verdicts = [];
  for (let t = T0; t < T0 + days * DAY; t += STEP) {
    const value = force?.(t) ?? poisson(r, mean(t));
    const v = d.push({ ts: t, value });
    verdicts.push(v);
    if (v.alert) alerts.push(t);
  }
  return { alerts, verdicts };
}

/** Day/night rhythm: 12 per 5 min in daytime, 1 at night. */
const rhythm = (t: number) => {
  const h = new Date(t).getUTCHours();
  return h >= 7 && h < 22 ? 12 : 1;
};

describe('createRecordDetector', () => {
  it('a steady series with a daily rhythm does not page', () => {
    expect(run(21, rhythm).alerts).toEqual([]);
  });

  it('a real burst pages on its rising edge, before the peak', () => {
    const onset = T0 + 6 * DAY + 10 * HOUR;
    const peak = onset + 60 * MIN;
    // Exponential growth from 1× to 20× the daytime level over an hour (e-folding 20 min), held for two hours.
    const mean = (t: number) =>
      rhythm(t) * (t >= onset && t < onset + 3 * HOUR ? Math.min(20, Math.exp((t - onset) / (20 * MIN))) : 1);
    const { alerts } = run(8, mean);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!).toBeGreaterThanOrEqual(onset);
    expect(alerts[0]!).toBeLessThan(peak);
  });

  it('a level shift pages once, then the baseline adapts and it stays quiet', () => {
    const shift = T0 + 5 * DAY;
    const { alerts, verdicts } = run(25, (t) => (t < shift ? 10 : 40));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]! - shift).toBeLessThan(2 * HOUR);
    // Three weeks later the 14-day median has moved to the new level.
    expect(verdicts.at(-1)!.expected).toBeGreaterThan(30);
  });

  it('ordinary bursts of a heavy-tailed series do not page; a burst bigger than any in the last month does', () => {
    // Every day at 15:00 a burst of 5× for half an hour (the ordinary news cycle), for three weeks; then a 25× storm.
    const storm = T0 + 21 * DAY + 15 * HOUR;
    const mean = (t: number) => {
      const inBurst = (t - T0) % DAY >= 15 * HOUR && (t - T0) % DAY < 15.5 * HOUR;
      if (t >= storm && t < storm + HOUR) return 25 * rhythm(t);
      return rhythm(t) * (inBurst ? 5 : 1);
    };
    const { alerts } = run(23, mean);
    // The first bursts after warm-up are records of a young series (at most one page); the storm pages.
    expect(alerts.filter((a) => a < storm).length).toBeLessThanOrEqual(1);
    expect(alerts.filter((a) => a >= storm && a < storm + HOUR)).toHaveLength(1);
  });

  it('one storm, one alert: a second hump two hours later does not page again', () => {
    const a = T0 + 6 * DAY + 10 * HOUR;
    const b = a + 2 * HOUR;
    const hump = (t: number, s: number) => (t >= s && t < s + 30 * MIN ? 15 : 1);
    expect(run(8, (t) => rhythm(t) * Math.max(hump(t, a), hump(t, b))).alerts).toHaveLength(1);
  });

  it('three mentions at night on a quiet watch do not page; without the minimum support they would', () => {
    // A sparse watch: one mention at the top of every hour, nothing else; then 3 in one 5-minute window at 03:00.
    const at = T0 + 9 * DAY + 3 * HOUR + 5 * MIN;
    const force = (t: number) => (t === at ? 3 : (t - T0) % HOUR === 0 ? 1 : 0);
    expect(run(10, () => 0, {}, 3, force).alerts).toEqual([]);
    expect(run(10, () => 0, { minSupportAbs: 0 }, 3, force).alerts).toEqual([at]);
  });

  it('does not page during warm-up (2 days), however large the spike', () => {
    const at = T0 + DAY;
    const force = (t: number) => (t === at ? 500 : undefined);
    expect(run(3, () => 5, {}, 5, force).alerts).not.toContain(at);
    expect(run(3, () => 5, { warmupMs: 12 * HOUR }, 5, force).alerts).toContain(at);
  });

  it('is causal: verdicts for a prefix do not depend on what follows', () => {
    const a = run(8, rhythm, {}, 9).verdicts;
    const b = run(8, (t) => (t > T0 + 7 * DAY ? 200 : rhythm(t)), {}, 9).verdicts;
    const cut = (7 * DAY) / STEP;
    expect(b.slice(0, cut).map((v) => [v.alert, v.score])).toEqual(a.slice(0, cut).map((v) => [v.alert, v.score]));
  });

  it('score is 0..1 and thresholding it at 0.5 reproduces the alerts', () => {
    const onset = T0 + 6 * DAY + 10 * HOUR;
    const { verdicts } = run(8, (t) => rhythm(t) * (t >= onset && t < onset + HOUR ? 10 : 1));
    for (const v of verdicts) {
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(1);
      expect(v.score >= 0.5).toBe(v.alert);
    }
    expect(verdicts.some((v) => v.alert)).toBe(true);
  });

  it('bad values never throw; a point back in time is scored but not learned from', () => {
    const d = createRecordDetector();
    for (const value of [NaN, Infinity, -5]) expect(() => d.push({ ts: T0, value })).not.toThrow();
    d.push({ ts: T0 + STEP, value: 5 });
    expect(d.push({ ts: T0, value: 500 }).alert).toBe(false);
    expect(d.push({ ts: T0 + 2 * STEP, value: 5 }).expected).toBeLessThan(10);
  });
});

describe('rolling windows', () => {
  it('match brute force on a random stream with irregular steps', () => {
    const r = rng(11);
    const span = 50_000;
    const q = new RollingQuantiles(span);
    const m = new RollingMean(span);
    const x = new RollingMax(span);
    const seen: Array<[number, number]> = [];
    let t = 0;
    for (let i = 0; i < 2000; i++) {
      t += 1 + Math.floor(r() * 3000);
      const v = Math.floor(r() * 100);
      const inMax = seen.filter(([ts]) => ts >= t - span).map(([, val]) => val);
      expect(x.max(t)).toBe(inMax.length ? Math.max(...inMax) : -Infinity);
      q.advance(t);
      const inQ = seen
        .filter(([ts]) => ts >= t - span)
        .map(([, val]) => val)
        .sort((a, b) => a - b);
      if (inQ.length) {
        const i2 = 0.5 * (inQ.length - 1);
        const f = Math.floor(i2);
        expect(q.quantile(0.5)).toBeCloseTo(inQ[f]! + (inQ[Math.min(f + 1, inQ.length - 1)]! - inQ[f]!) * (i2 - f), 9);
      }
      seen.push([t, v]);
      q.add(t, v);
      x.add(t, v);
      const inMean = seen.filter(([ts]) => ts > t - span).map(([, val]) => val);
      expect(m.add(t, v)).toBeCloseTo(inMean.reduce((a, b) => a + b, 0) / inMean.length, 9);
    }
  });
});

describe('development series loader', () => {
  it('stops with a message naming where it looked when the shared series are absent', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadDevSeries } = await import('../src/sim/dev-series.js');
    const empty = mkdtempSync(join(tmpdir(), 'vakt-spikes-'));
    await expect(loadDevSeries(empty)).rejects.toThrow(/data\/spikes.*VAKT_SPIKES_DIR/);
  });
});

describe('createRecordDetector after a gap', () => {
  it('a gap longer than the baseline window warms up again instead of paging on the first morning back', () => {
    const run2 = (gapDays: number) => {
      const d = createRecordDetector();
      const r = rng(21);
      const alerts: number[] = [];
      const push = (t: number, mean: number) => d.push({ ts: t, value: poisson(r, mean) }).alert && alerts.push(t);
      for (let t = T0; t < T0 + 5 * DAY; t += STEP) push(t, 10);
      // The watch was paused; it comes back at night (1 per 5 min) and the morning brings its usual 10.
      const back = T0 + (5 + gapDays) * DAY;
      for (let t = back; t < back + 12 * HOUR; t += STEP) push(t, t < back + 6 * HOUR ? 1 : 10);
      return alerts;
    };
    expect(run2(20)).toEqual([]);
    // A short gap keeps the baseline (its median still holds the old level), so the same morning is not news either.
    expect(run2(1)).toEqual([]);
  });
});
