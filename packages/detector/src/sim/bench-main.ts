#!/usr/bin/env node
/**
 * `pnpm bench:alerts`: every detector on (1) the labelled development series in the package's `data/spikes` (NAB score,
 * precision, recall, false alerts per series-week, median lead before the peak; all eight and the tweets alone) and
 * (2) the storm simulator (precision, recall, lead, false alerts per watch-week).
 */
import { BASELINES, benchSeries, evaluate, vakt, type BenchResult } from './bench.js';
import { devBench, devTable } from './dev-bench.js';
import { createRecordDetector } from '../record-detector.js';
import { loadDevSeries, runAlerts, scoringLib } from './dev-series.js';

async function main(): Promise<void> {
  const started = Date.now();
  const lib = await scoringLib();
  const dev = await loadDevSeries();
  const points = dev.reduce((n, s) => n + s.values.length, 0);
  console.log(
    `bench:alerts — part 1: ${dev.length} labelled development series (NAB, packages/detector/data/spikes; 4 Twitter mention counts, 4 count-like), ${points} points`,
  );
  console.log(
    "Scored as the spike harness's score.mjs scores them (its library): NAB standard on the alert flags, event precision/recall, false alerts per series-week, median lead of the first alert in a window before the window's peak.\n",
  );
  const rows = devBench(lib, dev);
  console.log('All eight series:\n');
  console.log(devTable(rows, (r) => r.all));
  console.log('\nThe four tweet series alone:\n');
  console.log(devTable(rows, (r) => r.tweets));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 3; i++) runAlerts(dev, () => createRecordDetector());
  const usPerPoint = Number(process.hrtime.bigint() - t0) / 1e3 / (3 * points);
  console.log(`\nRecord detector cost: ${usPerPoint.toFixed(2)} µs per point (in-process, ${points} points × 3 runs).`);

  const seed = Number(process.env.VAKT_BENCH_SEED ?? 7);
  const series = benchSeries(seed);
  const storms = series.reduce((n, s) => n + s.events.filter((e) => e.kind === 'storm').length, 0);
  const benign = series.reduce((n, s) => n + s.events.filter((e) => e.kind === 'benign').length, 0);
  console.log(
    `\npart 2: storm simulator — ${series.length} simulated watches (1-min and 5-min, 1–25 mentions/min, 28 days), ${storms} storms, ${benign} benign volume spikes, seed ${seed}\n`,
  );
  const row = (r: BenchResult) =>
    `| ${r.name} | ${r.alerts} | ${r.precision.toFixed(2)} | ${r.recall.toFixed(2)} | ${Number.isNaN(r.medianLeadMin) ? '–' : r.medianLeadMin.toFixed(0)} | ${r.falsePerWatchWeek.toFixed(2)} |`;
  console.log(
    '| detector | alerts | precision | recall | median lead before peak (min) | false alerts / watch / week |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(row(evaluate('Vakt record detector (`vakt detect`, alerter count series)', series, vakt)));
  for (const [name, b] of Object.entries(BASELINES))
    console.log(row(evaluate(`${name} (t=${b.defaultT})`, series, () => b.make(b.defaultT))));
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(`bench:alerts: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
