import { createRecordDetector } from '../record-detector.js';
import { ewmaZ, fixedThreshold, rollingZ, type SimpleDetector } from './baselines.js';
import { simulate, type SimSeries } from './storm.js';

/**
 * The detection benchmark behind `pnpm bench:alerts`: Vakt's record detector and simple baselines on the same
 * simulated watches. An alert inside a storm's [start, end] detects it (the first one sets the lead time = peak −
 * alert); any other alert, including during a benign volume spike, is a false alert. The first three days are
 * warm-up for everyone (no storms are placed there and alerts there are not scored).
 */
export interface BenchResult {
  name: string;
  alerts: number;
  precision: number;
  recall: number;
  /** Minutes before the peak (positive = early), median over detected storms. */
  medianLeadMin: number;
  falsePerWatchWeek: number;
}

const DAY = 86_400_000;

export function benchSeries(seed = 7): SimSeries[] {
  const out: SimSeries[] = [];
  const kinds = [
    { mentionsPerMinute: 6, stepMs: 60_000 },
    { mentionsPerMinute: 25, stepMs: 60_000 },
    { mentionsPerMinute: 1, stepMs: 60_000 },
    { mentionsPerMinute: 6, stepMs: 5 * 60_000 },
  ];
  for (let i = 0; i < 12; i++) {
    const k = kinds[i % kinds.length]!;
    out.push(simulate(`watch-${i}`, { seed: seed * 1000 + i, ...k }));
  }
  return out;
}

export function evaluate(name: string, series: SimSeries[], make: () => SimpleDetector): BenchResult {
  let alerts = 0;
  let truePos = 0;
  let storms = 0;
  let detected = 0;
  let falseAlerts = 0;
  let weeks = 0;
  const leads: number[] = [];
  for (const s of series) {
    const d = make();
    const t0 = s.points[0]!.ts;
    const stormEvents = s.events.filter((e) => e.kind === 'storm');
    storms += stormEvents.length;
    weeks += (s.points.at(-1)!.ts - t0 - 3 * DAY) / (7 * DAY);
    const first = new Map<number, number>();
    for (const p of s.points) {
      const v = d.push({ ts: p.ts, value: p.value });
      if (!v.alert || p.ts < t0 + 3 * DAY) continue;
      alerts += 1;
      // An alert stamped at the start of its bucket saw the whole bucket: it is known at ts + step.
      const known = p.ts + s.stepMs;
      const i = stormEvents.findIndex((e) => known >= e.start && p.ts <= e.end);
      if (i < 0) {
        falseAlerts += 1;
        continue;
      }
      truePos += 1;
      if (!first.has(i)) first.set(i, known);
    }
    for (const [i, at] of first) {
      detected += 1;
      leads.push((stormEvents[i]!.peak - at) / 60_000);
    }
  }
  leads.sort((a, b) => a - b);
  return {
    name,
    alerts,
    precision: alerts ? truePos / alerts : 0,
    recall: storms ? detected / storms : 0,
    medianLeadMin: leads.length ? leads[Math.floor(leads.length / 2)]! : NaN,
    falsePerWatchWeek: weeks ? falseAlerts / weeks : 0,
  };
}

/** The record detector with its defaults: `vakt detect` and the alerter's count series. */
export const vakt = (): SimpleDetector => createRecordDetector();

export const BASELINES = {
  'fixed threshold': {
    make: (t: number) => fixedThreshold(t),
    defaultT: 3,
    grid: [1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15],
  },
  'rolling z-score': { make: (t: number) => rollingZ(t), defaultT: 3, grid: [2, 2.5, 3, 3.5, 4, 5, 6, 8, 10, 15] },
  EWMA: { make: (t: number) => ewmaZ(t), defaultT: 3, grid: [2, 2.5, 3, 3.5, 4, 5, 6, 8, 10, 15] },
} as const;
