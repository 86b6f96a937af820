#!/usr/bin/env node
/**
 * Volume robustness of the record detector (`pnpm --filter @vakt/detector thinned`, after build): the labelled tweet
 * series are binomially thinned (each mention kept with probability p, labels unchanged), as if the same stories had
 * been told about a smaller organisation, and scored with the defaults. A watched agency gets far fewer mentions than
 * Apple or Facebook; at low counts Poisson noise makes ordinary windows look like records, so this is where a detector
 * tuned on busy series loses storms or pages on noise. Each p is run over several seeds and the alerts are scored
 * together (NAB standard, event precision and recall, false alerts per series-week). `--options '{"sustainMs":1800000}'`
 * scores other settings the same way.
 */
import { rng } from '@vakt/random/mulberry32';
import { parseArgs } from 'node:util';
import { createRecordDetector, type RecordDetectorOptions } from '../record-detector.js';
import { figures, fmtFigures, loadDevSeries, runAlerts, scoringLib, type DevSeries } from './dev-series.js';

const KEEP = [1, 0.5, 0.25] as const;
const SEEDS = [1, 2, 3, 4, 5] as const;

/** Each count replaced by a Binomial(count, p) draw; p = 1 returns the series as it is. */
export function thinSeries(s: DevSeries, p: number, seed: number): DevSeries {
  if (p >= 1) return s;
  const next = rng(seed);
  const values = s.values.map((v) => {
    let kept = 0;
    for (let i = 0; i < v; i++) if (next() < p) kept++;
    return kept;
  });
  return { ...s, values };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { options: { type: 'string', default: '{}' } } });
  const opts = JSON.parse(values.options) as RecordDetectorOptions;
  const l = await scoringLib();
  const tweets = (await loadDevSeries()).filter((s) => s.set === 'tweets-dev');
  console.log(
    `record detector, ${values.options === '{}' ? 'defaults' : values.options}, on the ${tweets.length} tweet series thinned; seeds ${SEEDS.join(', ')}`,
  );
  for (const p of KEEP) {
    const seeds = p >= 1 ? [0] : SEEDS;
    const series = seeds.flatMap((seed) => tweets.map((s, k) => thinSeries(s, p, seed * 1000 + k)));
    const alerts = runAlerts(series, () => createRecordDetector(opts));
    console.log(`keep ${p.toFixed(2)}: ${fmtFigures(figures(l, series, alerts))}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`thinned: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
