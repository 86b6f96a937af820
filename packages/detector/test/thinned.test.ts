import { describe, expect, it } from 'vitest';
import type { DevSeries } from '../src/sim/dev-series.js';
import { thinSeries } from '../src/sim/thinned.js';

const series = (values: number[]): DevSeries => ({
  id: 's',
  set: 'tweets-dev',
  ts: values.map((_, i) => i * 300_000),
  values,
  layout: undefined,
  labelIdx: [],
  stepMs: 300_000,
});

describe('thinSeries (volume robustness bench)', () => {
  it('keeps each mention with probability p: integer counts, never more than before, about p of the total', () => {
    const s = series(Array.from({ length: 2000 }, (_, i) => (i % 7) * 10));
    const t = thinSeries(s, 0.25, 7);
    const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(t.values.every((v, i) => Number.isInteger(v) && v >= 0 && v <= s.values[i]!)).toBe(true);
    expect(total(t.values) / total(s.values)).toBeGreaterThan(0.23);
    expect(total(t.values) / total(s.values)).toBeLessThan(0.27);
    expect(t.ts).toBe(s.ts);
  });
  it('is the same for the same seed, different for another, and the identity at p = 1', () => {
    const s = series([5, 9, 40, 3, 0, 12, 18, 7]);
    expect(thinSeries(s, 0.5, 3).values).toEqual(thinSeries(s, 0.5, 3).values);
    expect(thinSeries(s, 0.5, 3).values).not.toEqual(thinSeries(s, 0.5, 4).values);
    expect(thinSeries(s, 1, 3)).toBe(s);
  });
});
