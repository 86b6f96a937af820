#!/usr/bin/env node
/**
 * Cross-validation of the record detector's defaults on the labelled development series (`pnpm --filter
 * @vakt/detector cv`, after build). A small grid over the four settings that shape it (baseline window, record memory,
 * sustained horizon, minimum ratio, record margin) is run once per series; then, for each fold, the setting with the best NAB
 * standard score on the training series is applied to the held-out series, and the held-out alerts are scored
 * together. The selection objective is the issue's budget as a constraint: NAB standard, minus 100 per unit of
 * false alerts per series-week above 0.2 and per unit of precision below 0.75 (NAB alone charges a false alert only
 * 0.11 of a missed window, so it prefers settings that page weekly). Two schemes: leave-one-series-out (8 folds) and across groups (tune on the tweets, test on the count-like
 * series, and the reverse). The defaults' own figures on all series are printed last for comparison.
 */
import { RECORD_DETECTOR_DEFAULTS, createRecordDetector, type RecordDetectorOptions } from '../record-detector.js';
import { figures, fmtFigures, loadDevSeries, objective, runAlerts, scoringLib, type DevSeries } from './dev-series.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const CV_GRID = {
  baselineMs: [7 * DAY, 14 * DAY],
  memoryMs: [30 * DAY, 60 * DAY],
  sustainMs: [HOUR / 2, HOUR, 3 * HOUR],
  minRatio: [1.5, 2, 3],
  recordMargin: [0, 0.05, 0.1],
} as const;

/**
 * `--cold-start` adds a shorter warm-up and the cold-start margin (a young series needs overwhelming evidence), to
 * test whether they generalise; four times the settings, so it is not the default.
 */
export const COLD_START_GRID = {
  warmupMs: [12 * HOUR, 2 * DAY],
  coldStartMargin: [0, 0.1],
} as const;

export function gridPoints(coldStart = false): RecordDetectorOptions[] {
  let out: RecordDetectorOptions[] = [{}];
  const axes = { ...CV_GRID, ...(coldStart ? COLD_START_GRID : {}) };
  for (const [k, vs] of Object.entries(axes)) out = out.flatMap((o) => vs.map((v) => ({ ...o, [k]: v })));
  return out;
}

const describe = (o: RecordDetectorOptions) =>
  `baseline ${(o.baselineMs ?? 0) / DAY} d, memory ${(o.memoryMs ?? 0) / DAY} d, sustain ${(o.sustainMs ?? 0) / HOUR} h, min ratio ${o.minRatio}, record margin ${o.recordMargin}` +
  (o.warmupMs === undefined ? '' : `, warm-up ${o.warmupMs / HOUR} h, cold-start margin ${o.coldStartMargin}`);

async function main(): Promise<void> {
  const started = Date.now();
  const l = await scoringLib();
  const series = await loadDevSeries();
  const grid = gridPoints(process.argv.includes('--cold-start'));
  // alerts[g][k]: alert flags of grid point g on series k (each series is independent, so folds reuse them).
  const alerts = grid.map((g) => runAlerts(series, () => createRecordDetector(g)));
  const idx = (pick: (s: DevSeries) => boolean) => series.map((_, k) => k).filter((k) => pick(series[k]!));
  const score = (g: number, ks: number[]) =>
    figures(
      l,
      ks.map((k) => series[k]!),
      ks.map((k) => alerts[g]![k]!),
    );
  const best = (train: number[]) => {
    let b = 0;
    let bObj = -Infinity;
    grid.forEach((_, g) => {
      const o = objective(score(g, train));
      if (o > bObj) [b, bObj] = [g, o];
    });
    return b;
  };
  const heldOut = (folds: Array<{ train: number[]; test: number[] }>) => {
    const chosen = new Map<number, number>();
    const lines: string[] = [];
    for (const f of folds) {
      const g = best(f.train);
      for (const k of f.test) chosen.set(k, g);
      lines.push(`  test ${f.test.map((k) => series[k]!.id).join(', ')}: ${describe(grid[g]!)}`);
    }
    const report = (ks: number[]) =>
      figures(
        l,
        ks.map((k) => series[k]!),
        ks.map((k) => alerts[chosen.get(k)!]![k]!),
      );
    return { lines, report };
  };

  const all = idx(() => true);
  const tweets = idx((s) => s.set === 'tweets-dev');
  const countlike = idx((s) => s.set !== 'tweets-dev');
  console.log(
    `cv — record detector, ${grid.length} settings × ${series.length} series, selection by NAB standard within the false-alert budget on the training series\n`,
  );

  const loso = heldOut(all.map((k) => ({ train: all.filter((j) => j !== k), test: [k] })));
  console.log('Leave one series out (setting chosen on the other seven):');
  for (const line of loso.lines) console.log(line);
  console.log(`  held out, all eight:   ${fmtFigures(loso.report(all))}`);
  console.log(`  held out, tweets:      ${fmtFigures(loso.report(tweets))}`);
  console.log(`  held out, count-like:  ${fmtFigures(loso.report(countlike))}\n`);

  const groups = heldOut([
    { train: tweets, test: countlike },
    { train: countlike, test: tweets },
  ]);
  console.log('Across groups (tune on one group, test on the other):');
  for (const line of groups.lines) console.log(line);
  console.log(`  held out, tweets:      ${fmtFigures(groups.report(tweets))}`);
  console.log(`  held out, count-like:  ${fmtFigures(groups.report(countlike))}\n`);

  const ranked = grid.map((g, i) => ({ g, r: score(i, all) })).sort((a, b) => objective(b.r) - objective(a.r));
  console.log('Best settings on all eight (not held out: for reading the grid, not for reporting):');
  for (const { g, r } of ranked.slice(0, 5)) console.log(`  ${describe(g)}: ${fmtFigures(r)}`);
  console.log('');

  const defaults = runAlerts(series, () => createRecordDetector());
  const dflt = (ks: number[]) =>
    figures(
      l,
      ks.map((k) => series[k]!),
      ks.map((k) => defaults[k]!),
    );
  console.log(`Defaults (${describe(RECORD_DETECTOR_DEFAULTS)}), not held out:`);
  console.log(`  all eight:   ${fmtFigures(dflt(all))}`);
  console.log(`  tweets:      ${fmtFigures(dflt(tweets))}`);
  console.log(`  count-like:  ${fmtFigures(dflt(countlike))}`);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`cv: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
