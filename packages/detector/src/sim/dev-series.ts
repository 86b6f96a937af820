import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * The labelled development series (NAB's realTweets and four count-like series, shipped in this package's
 * `data/spikes` with NAB's licence) and the spike harness's scoring library (NAB window scoring and event metrics, the
 * code its `score.mjs` runs), loaded by path so the bench and the cross-validation score exactly as the harness does.
 * The library is the harness's, not Vakt's, so it is not in the repository: it is read from the harness checkout
 * beside the repository, or from `VAKT_SPIKES_DIR` (a folder holding `tools/spikes` and `data/spikes`, whose series are
 * then read instead of the package's).
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

/** The series shipped with the package (from `src/sim` and `dist/sim` alike). */
const PACKAGE_SERIES = fileURLToPath(new URL('../../data/spikes', import.meta.url));

/** Where the series and the scoring library are read from: see the top of this file. */
function spikesLocation(dir = process.env.VAKT_SPIKES_DIR): { data: string; lib: string } {
  if (dir) return { data: resolve(dir, 'data/spikes'), lib: resolve(dir, 'tools/spikes/lib') };
  // The harness is a checkout of its own, kept beside the repository (the layout the scoring commands in the README use).
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
  return { data: PACKAGE_SERIES, lib: resolve(repoRoot, '..', 'shared', 'tools', 'spikes', 'lib') };
}

let lib: ScoringLib | undefined;

/** Fails naming what is missing and how to point at it, before anything is imported or read. */
function requireLocation(at: { data: string; lib: string }): void {
  const missing = [
    existsSync(resolve(at.data, 'windows.json')) ? '' : `the labelled spike series are not at ${at.data}`,
    existsSync(resolve(at.lib, 'nab.mjs')) ? '' : `the spike harness's scoring library is not at ${at.lib}`,
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `${missing.join('; ')}; check out the spike harness beside the repository, or set VAKT_SPIKES_DIR to a folder holding data/spikes and tools/spikes`,
    );
  }
}

export async function scoringLib(dir?: string): Promise<ScoringLib> {
  if (lib) return lib;
  const at = spikesLocation(dir);
  requireLocation(at);
  const imp = (f: string) => import(pathToFileURL(resolve(at.lib, f)).href) as Promise<Record<string, unknown>>;
  const [d, nab, ev] = await Promise.all([imp('data.mjs'), imp('nab.mjs'), imp('events.mjs')]);
  lib = { ...d, ...nab, ...ev } as unknown as ScoringLib;
  return lib;
}

export async function loadDevSeries(dir?: string): Promise<DevSeries[]> {
  const at = spikesLocation(dir);
  requireLocation(at);
  const l = await scoringLib(dir);
  const dataDir = at.data;
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
