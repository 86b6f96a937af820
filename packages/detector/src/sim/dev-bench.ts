import { createRecordDetector } from '../record-detector.js';
import { ewmaZ, fixedThreshold, hampel, rollingZ, type SimpleDetector } from './baselines.js';
import { seasonalHybridEsd } from './shesd.js';
import { figures, runAlerts, type DevSeries, type Figures, type scoringLib } from './dev-series.js';

/**
 * `pnpm bench:alerts`, first part: every detector on the labelled development series, scored like `score.mjs` (NAB
 * standard on the alert flags, event precision and recall, false alerts per series-week, median lead before the
 * window's peak), on all eight series and on the four tweet series alone. Vakt runs with its defaults; each simple
 * baseline runs at t = 3 (Seasonal Hybrid ESD at the paper's α = 0.05) and at the threshold with the best NAB standard
 * score on all eight series (tuned on the test data, as NAB's published figures are: an optimistic bound for the
 * baseline).
 */
export interface DevRow {
  name: string;
  all: Figures;
  tweets: Figures;
}

type Lib = Awaited<ReturnType<typeof scoringLib>>;

interface Family {
  make: (stepMs: number) => SimpleDetector;
  grid: number[];
  /** The setting reported beside the best one, and how a setting is named (default: the threshold t = 3). */
  defaultT?: number;
  label?: (t: number) => string;
}

/**
 * Each family's statistic does not depend on its threshold (the fixed threshold's score is value / first-day mean at
 * t = 1), so it is computed once per series and every threshold of the grid is applied to it with the same rising
 * edge and 6-hour cooldown the baselines use.
 */
const FAMILIES: Record<string, Family> = {
  'fixed threshold (× first-day mean)': {
    make: () => fixedThreshold(1),
    grid: [1.5, 2, 3, 4, 6, 8, 10, 15, 20, 30, 50, 100],
  },
  'rolling z-score (60 points)': { make: () => rollingZ(Infinity), grid: [2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100] },
  'EWMA z (α = 0.05)': { make: () => ewmaZ(Infinity), grid: [2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100] },
  'Hampel (median/MAD, 288 points)': {
    make: () => hampel(Infinity),
    grid: [3, 5, 8, 10, 15, 20, 30, 50, 80, 120, 200, 400],
  },
  // Its score is −log10 of the smallest ESD level α that flags the point, so the threshold is −log10 α.
  'Seasonal Hybrid ESD (Twitter ADVec; 14-day window, k = 2 %)': {
    make: (stepMs) => seasonalHybridEsd({ alpha: 1, stepMs }),
    defaultT: -Math.log10(0.05),
    grid: [0.2, 0.1, 0.05, 0.01, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10, 1e-15, 1e-20, 1e-30].map((a) => -Math.log10(a)),
    label: (t) => `α = ${Number((10 ** -t).toPrecision(2))}`,
  },
};
const COOLDOWN_MS = 6 * 3_600_000;
/** Warm-up of the EWMA baseline, in points (as in `ewmaZ`). */
const EWMA_WARMUP = 31;

function statistic(s: DevSeries, make: Family['make']): Float64Array {
  const d = make(s.stepMs);
  const out = new Float64Array(s.values.length);
  for (let i = 0; i < s.values.length; i++) out[i] = d.push({ ts: s.ts[i]!, value: s.values[i]! }).score;
  return out;
}

function thresholded(s: DevSeries, stat: Float64Array, t: number, fromIndex: number): Uint8Array {
  const out = new Uint8Array(stat.length);
  let until = -Infinity;
  for (let i = fromIndex; i < stat.length; i++) {
    if (stat[i]! > t && s.ts[i]! >= until) {
      out[i] = 1;
      until = s.ts[i]! + COOLDOWN_MS;
    }
  }
  return out;
}

export function devBench(lib: Lib, series: DevSeries[]): DevRow[] {
  const tweets = series.map((_, k) => k).filter((k) => series[k]!.set === 'tweets-dev');
  const row = (name: string, alerts: Uint8Array[]): DevRow => ({
    name,
    all: figures(lib, series, alerts),
    tweets: figures(
      lib,
      tweets.map((k) => series[k]!),
      tweets.map((k) => alerts[k]!),
    ),
  });
  const rows = [
    row(
      "Vakt record detector (`vakt detect` and the alerter's count series, defaults)",
      runAlerts(series, () => createRecordDetector()),
    ),
  ];
  for (const [name, f] of Object.entries(FAMILIES)) {
    const stats = series.map((s) => statistic(s, f.make));
    const from = name.startsWith('EWMA') ? EWMA_WARMUP : 0;
    const at = (t: number) => series.map((s, k) => thresholded(s, stats[k]!, t, from));
    const label = f.label ?? ((t: number) => `t = ${t}`);
    const defaultT = f.defaultT ?? 3;
    rows.push(row(`${name}, ${label(defaultT)}`, at(defaultT)));
    let best: DevRow | undefined;
    for (const t of f.grid) {
      const r = row(`${name}, ${label(t)} (best NAB here)`, at(t));
      if (!best || r.all.nab > best.all.nab) best = r;
    }
    rows.push(best!);
  }
  return rows;
}

const num = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));

export function devTable(rows: DevRow[], pick: (r: DevRow) => Figures): string {
  const lines = [
    '| detector | NAB standard | precision | recall | false alerts / series-week | median lead before peak (min) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const f = pick(r);
    lines.push(
      `| ${r.name} | ${num(f.nab, 1)} | ${num(f.precision)} | ${num(f.recall)} | ${num(f.fpPerWeek)} | ${num(f.medianLeadMin, 0)} |`,
    );
  }
  return lines.join('\n');
}
