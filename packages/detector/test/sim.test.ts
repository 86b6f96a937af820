import { describe, expect, it } from 'vitest';
import { BASELINES, evaluate, vakt } from '../src/sim/bench.js';
import { simulate } from '../src/sim/storm.js';

describe('storm simulator', () => {
  it('is deterministic for a seed and carries its ground truth', () => {
    const a = simulate('w', { seed: 5, days: 10 });
    const b = simulate('w', { seed: 5, days: 10 });
    expect(a.points.slice(0, 500)).toEqual(b.points.slice(0, 500));
    expect(a.events.filter((e) => e.kind === 'storm').length).toBeGreaterThanOrEqual(1);
    for (const e of a.events) expect(e.start).toBeLessThan(e.peak);
  });

  it('storms raise negatives; benign spikes raise volume but not the negative share', () => {
    const s = simulate('w', {
      seed: 11,
      days: 21,
      stormsPerWeek: 2,
      benignPerWeek: 2,
      alpha: 0.01,
      mentionsPerMinute: 30,
    });
    const around = (t: number) => s.points.filter((p) => Math.abs(p.ts - t) < 5 * 60_000);
    for (const e of s.events) {
      const peak = around(e.peak);
      const before = around(e.start - 60 * 60_000);
      const neg = (ps: typeof peak) => ps.reduce((n, p) => n + p.value, 0);
      const tot = (ps: typeof peak) => ps.reduce((n, p) => n + p.total, 0);
      if (e.kind === 'storm') expect(neg(peak) / tot(peak)).toBeGreaterThan(neg(before) / tot(before));
      else expect(neg(peak) / tot(peak)).toBeLessThan(0.2);
    }
  });
});

describe('detection benchmark (small)', () => {
  // Two simulated watches: enough to see the difference the bench reports, small enough for a unit test.
  const series = [
    simulate('a', { seed: 21, days: 21 }),
    simulate('b', { seed: 22, days: 21, stepMs: 5 * 60_000, mentionsPerMinute: 12 }),
  ];
  const v = evaluate('vakt', series, vakt);

  // The record detector pages only on a storm bigger than anything in the watch's last month, so on the simulator
  // (several storms of 2–8x per watch) it finds the first and the largest ones, not all: few pages, nearly all true.
  it('Vakt finds some storms and pages at most 0.2 times a watch-week for nothing', () => {
    expect(v.recall).toBeGreaterThan(0);
    expect(v.precision).toBeGreaterThanOrEqual(0.9);
    expect(v.falsePerWatchWeek).toBeLessThanOrEqual(0.2);
  });

  it.each(Object.entries(BASELINES))('Vakt is more precise than %s at its default threshold', (_name, b) => {
    const r = evaluate('baseline', series, () => b.make(b.defaultT));
    expect(v.precision).toBeGreaterThan(r.precision);
  });
});
