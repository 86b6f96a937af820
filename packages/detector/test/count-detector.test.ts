import { describe, expect, it } from 'vitest';
import { createCountDetector } from '../src/count-detector.js';
import { rng, shapeAt, type SimEvent } from '../src/sim/storm.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);

/** Poisson draws (Knuth) from a seeded PRNG, so every case is reproducible. */
function poisson(r: () => number, mean: number): number {
  if (mean > 60) return Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

interface Case {
  name: string;
  stepMin: number;
  days: number;
  /** Expected count per minute at time t, before any storm. */
  base: (t: number) => number;
  storms: SimEvent[];
  /** Extra observations forced at given times (absolute counts). */
  force?: Array<{ at: number; value: number }>;
  expectAlerts: number;
  /** Each alert must be at least this many minutes before its storm's peak. */
  minLeadMin?: number;
}

const daily = (t: number) => {
  const h = new Date(t).getUTCHours();
  return h < 6 ? 0.1 : h < 9 ? 0.6 : 1;
};

function storm(shape: SimEvent['shape'], startH: number, riseMin: number, fallMin: number, amplitude: number): SimEvent {
  const start = T0 + startH * HOUR;
  return { kind: 'storm', shape, start, peak: start + riseMin * MIN, end: start + (riseMin + fallMin) * MIN, amplitude };
}

const cases: Case[] = [
  // A steady Poisson series must not page anyone.
  { name: 'flat Poisson, busy', stepMin: 1, days: 3, base: () => 20, storms: [], expectAlerts: 0 },
  // Daily rhythm is learned: the morning rise is not a storm.
  { name: 'daily rhythm, no storm', stepMin: 5, days: 6, base: (t) => 8 * daily(t), storms: [], expectAlerts: 0 },
  // An exponential outbreak fires once, on the rising edge.
  { name: 'exponential storm, 1-min', stepMin: 1, days: 3, base: () => 3, storms: [storm('exponential', 60, 60, 120, 40)], expectAlerts: 1, minLeadMin: 5 },
  // The same outbreak sampled every 5 or 30 minutes: same defaults, still early.
  { name: 'ramp storm, 5-min', stepMin: 5, days: 4, base: (t) => 3 * daily(t), storms: [storm('ramp', 85, 180, 60, 20)], expectAlerts: 1, minLeadMin: 30 },
  { name: 'ramp storm, 30-min', stepMin: 30, days: 10, base: (t) => 3 * daily(t), storms: [storm('ramp', 8 * 24 + 10, 300, 120, 15)], expectAlerts: 1, minLeadMin: 60 },
  // Two humps of one storm 30 minutes apart: hysteresis makes it one alert.
  { name: 'double-humped storm is one alert', stepMin: 1, days: 3, base: () => 3, storms: [storm('burst', 60, 10, 10, 30), storm('burst', 60.5, 10, 10, 30)], expectAlerts: 1 },
  // Minimum support: three posts at 03:00 on a series that sees ~0.3/min at night is not an incident.
  { name: 'three posts at night', stepMin: 1, days: 3, base: (t) => 3 * daily(t), storms: [], force: [{ at: T0 + 2 * DAY + 3 * HOUR, value: 3 }], expectAlerts: 0 },
];

describe('createCountDetector (table)', () => {
  it.each(cases)('$name', (c) => {
    const r = rng(42);
    const d = createCountDetector();
    const alerts: number[] = [];
    const step = c.stepMin * MIN;
    for (let ts = T0; ts < T0 + c.days * DAY; ts += step) {
      let mean = 0;
      for (let m = 0; m < c.stepMin; m++) {
        const t = ts + m * MIN;
        mean += c.base(t) + c.storms.reduce((s, e) => s + e.amplitude * shapeAt(e, t), 0);
      }
      let value = poisson(r, mean);
      const forced = c.force?.find((f) => f.at >= ts && f.at < ts + step);
      if (forced) value = forced.value;
      const v = d.push({ ts, value });
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(1);
      if (v.alert) alerts.push(ts + step);
    }
    expect(alerts).toHaveLength(c.expectAlerts);
    if (c.minLeadMin !== undefined) {
      const peak = Math.max(...c.storms.map((s) => s.peak));
      for (const a of alerts) expect((peak - a) / MIN).toBeGreaterThanOrEqual(c.minLeadMin);
    }
  });

  it('bad values never throw and are scored as zero', () => {
    const d = createCountDetector();
    for (const value of [NaN, Infinity, -5]) expect(() => d.push({ ts: T0, value })).not.toThrow();
  });

  it('a point that goes back in time is scored but not learned from', () => {
    const d = createCountDetector();
    d.push({ ts: T0 + MIN, value: 5 });
    const back = d.push({ ts: T0, value: 500 });
    expect(back.alert).toBe(false);
    expect(d.push({ ts: T0 + 2 * MIN, value: 5 }).expected).toBeLessThan(10);
  });
});
