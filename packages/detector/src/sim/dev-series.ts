import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * The labelled development series (`../shared/data/spikes`, NAB's realTweets and four count-like series) and the
 * scoring library beside them (`../shared/tools/spikes/lib`: NAB window scoring and event metrics, the same code
 * `score.mjs` uses), loaded by path so the bench and the cross-validation score exactly as the harness does.
 * `VAKT_SPIKES_DIR` overrides the location (a folder holding `data/spikes` and `tools/spikes`).
 */

export interface DevSeries {
  id: string;
  set: string;
  ts: number[];
  values: number[];
  /** Opaque NAB window layout from the scoring library. */
  layout: unknown;
  labelIdx: number[];
  stepMs: number;
}

export interface Figures {
  nab: number;
  precision: number | null;
  recall: number | null;
  fpPerWeek: number | null;
  tp: number;
  fp: number;
  windows: number;
  medianLeadMin: number | null;
}

interface ScoringLib {
  loadMeta(dir: string): { series: Record<string, { set: string }> };
  loadSeries(
    dir: string,
    id: string,
    meta: unknown,
  ): { ts: number[]; values: number[]; layout: unknown; labelIdx: number[] };
  PROFILES: Record<string, unknown>;
  scoreSet(files: Array<{ layout: unknown; detected: ArrayLike<number> }>, cost: unknown): { score: number };
  eventMetrics(a: {
    ts: number[];
    values: number[];
    layout: unknown;
    labelIdx: number[];
    alert: ArrayLike<number>;
  }): unknown;
  totalEvents(list: unknown[]): {
    precision: number | null;
    recall: number | null;
    fpPerWeek: number | null;
    tp: number;
    fpEvents: number;
    windows: number;
    medianLeadMin: number | null;
  };
}

/** `<repo>/../shared`, or `VAKT_SPIKES_DIR`. */
export function sharedDir(): string {
  if (process.env.VAKT_SPIKES_DIR) return resolve(process.env.VAKT_SPIKES_DIR);
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
  return resolve(repoRoot, '../shared');
}

let lib: ScoringLib | undefined;

export async function scoringLib(dir = sharedDir()): Promise<ScoringLib> {
  if (lib) return lib;
  const libDir = resolve(dir, 'tools/spikes/lib');
  const data = resolve(dir, 'data/spikes/windows.json');
  if (!existsSync(resolve(libDir, 'nab.mjs')) || !existsSync(data)) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `the labelled spike series are not at ${resolve(dir, 'data/spikes')} (with the scorer in ${libDir}); check out the shared folder beside the repository, or set VAKT_SPIKES_DIR to a folder holding data/spikes and tools/spikes`,
    );
  }
  const imp = (f: string) => import(pathToFileURL(resolve(libDir, f)).href) as Promise<Record<string, unknown>>;
  const [d, nab, ev] = await Promise.all([imp('data.mjs'), imp('nab.mjs'), imp('events.mjs')]);
  lib = { ...d, ...nab, ...ev } as unknown as ScoringLib;
  return lib;
}

export async function loadDevSeries(dir = sharedDir()): Promise<DevSeries[]> {
  const l = await scoringLib(dir);
  const dataDir = resolve(dir, 'data/spikes');
  const meta = l.loadMeta(dataDir);
  return Object.entries(meta.series).map(([id, m]) => {
    const s = l.loadSeries(dataDir, id, m);
    return {
      id,
      set: m.set,
      ts: s.ts,
      values: s.values,
      layout: s.layout,
      labelIdx: s.labelIdx,
      stepMs: s.ts[1]! - s.ts[0]!,
    };
  });
}

/** Anything that turns a point into an alert flag, in time order. */
export interface PointDetector {
  push(p: { ts: number; value: number }): { alert: boolean };
}

/** Runs a fresh detector over each series; returns one alert flag array per series. */
export function runAlerts(series: DevSeries[], make: () => PointDetector): Uint8Array[] {
  return series.map((s) => {
    const d = make();
    const out = new Uint8Array(s.values.length);
    for (let i = 0; i < s.values.length; i++) out[i] = d.push({ ts: s.ts[i]!, value: s.values[i]! }).alert ? 1 : 0;
    return out;
  });
}

/** NAB standard score and event metrics (as `score.mjs` prints them) over the given series together. */
export function figures(l: ScoringLib, series: DevSeries[], alerts: Uint8Array[]): Figures {
  const nab = l.scoreSet(
    series.map((s, k) => ({ layout: s.layout, detected: alerts[k]! })),
    l.PROFILES.standard,
  ).score;
  const ev = l.totalEvents(
    series.map((s, k) =>
      l.eventMetrics({ ts: s.ts, values: s.values, layout: s.layout, labelIdx: s.labelIdx, alert: alerts[k]! }),
    ),
  );
  return {
    nab,
    precision: ev.precision,
    recall: ev.recall,
    fpPerWeek: ev.fpPerWeek,
    tp: ev.tp,
    fp: ev.fpEvents,
    windows: ev.windows,
    medianLeadMin: ev.medianLeadMin,
  };
}

/** NAB standard with the false-alert budget (≤ 0.2 per series-week) and precision (≥ 0.75) as soft constraints. */
export function objective(r: Figures): number {
  return r.nab - 100 * Math.max(0, (r.fpPerWeek ?? 0) - 0.2) - 100 * Math.max(0, 0.75 - (r.precision ?? 0));
}

export const fmtFigures = (r: Figures) =>
  `NAB ${r.nab.toFixed(1)} | precision ${r.precision === null ? '–' : r.precision.toFixed(2)} | recall ${r.recall === null ? '–' : r.recall.toFixed(2)} | FP/series-week ${r.fpPerWeek === null ? '–' : r.fpPerWeek.toFixed(2)} | ${r.tp}/${r.windows} windows, ${r.fp} false alerts`;
