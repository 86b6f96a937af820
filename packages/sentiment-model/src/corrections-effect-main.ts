/**
 * `pnpm --filter @vakt/sentiment-model corrections-effect [--set absabank-imm] [--n 200]`: what a team's label
 * corrections do. The dev rows of one set stand in for a deployment's domain: `--n` of them (a seeded draw) are the
 * corrections analysts made with "Rätta sentiment", the rest is a held-out slice of the same domain that neither
 * model saw. The script scores the slice with the shipped engine, retrains exactly as `vakt train --add` does (same
 * seed, the cross-validated settings of `model/cv.json`, the corrections weighted `addedWeight`), scores the slice
 * again with the adapted engine and prints both. Takes one full training run (minutes of CPU).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LABELS, defaultDataDir, loadCorpus, type Example } from './data.js';
import { createSentimentEngine, type SentimentEngine } from './engine.js';
import { setMetrics } from './metrics.js';
import { DEFAULT_MODEL_DIR } from './model-io.js';
import { rng, shuffle } from './optim.js';
import { train } from './train.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    set: { type: 'string', default: 'absabank-imm' },
    n: { type: 'string', default: '200' },
    seed: { type: 'string', default: '20261207' },
  },
});
const N = Number(values.n);

const corpus = await loadCorpus(defaultDataDir(repoRoot));
const rows = corpus.examples.filter((e) => e.set === values.set && e.split === 'dev');
if (rows.length <= N) throw new Error(`${values.set}: ${rows.length} dev rows, need more than --n ${N}`);
const order = Int32Array.from(rows.keys());
shuffle(order, rng(Number(values.seed)));
const corrections = Array.from(order.subarray(0, N), (i) => rows[i]!);
const slice = Array.from(order.subarray(N), (i) => rows[i]!);

function measure(engine: SentimentEngine, xs: Example[]) {
  const out = engine.scoreBatch(xs.map((x) => ({ text: x.text, lang: x.lang })));
  const probs = new Float32Array(xs.length * 3);
  // The verdict's label, one-hot: the figure is the label the dashboard shows.
  out.forEach((r, i) => (probs[i * 3 + LABELS.indexOf(r.label)] = 1));
  return setMetrics(
    Int32Array.from(xs, (x) => LABELS.indexOf(x.label)),
    probs,
  );
}

const base = await createSentimentEngine();
const before = measure(base, slice);
const dir = await mkdtemp(join(tmpdir(), 'vakt-corrections-'));
try {
  const file = join(dir, 'corrections.jsonl');
  await writeFile(
    file,
    corrections.map((c) => JSON.stringify({ text: c.text, label: c.label, lang: c.lang })).join('\n'),
  );
  const seed = base.meta?.seed ?? 20261123;
  const t0 = Date.now();
  await train({
    dataDir: defaultDataDir(repoRoot),
    outDir: join(dir, 'model'),
    seed,
    add: [file],
    cvFile: join(DEFAULT_MODEL_DIR, 'cv.json'),
    log: (l) => console.error(`[train] ${l}`),
  });
  const after = measure(await createSentimentEngine({ modelDir: join(dir, 'model') }), slice);
  const f = (x: number): string => (100 * x).toFixed(1);
  console.log(
    `${values.set}: ${N} corrections (dev rows, seed ${values.seed}), held-out slice ${slice.length} rows of the same set; retrain ${((Date.now() - t0) / 60000).toFixed(1)} min`,
  );
  console.log(
    `  shipped engine:   accuracy ${f(before.accuracy)}  macro-F1 ${f(before.macroF1)}  macro-recall ${f(before.macroRecall)}`,
  );
  console.log(
    `  after --add:      accuracy ${f(after.accuracy)}  macro-F1 ${f(after.macroF1)}  macro-recall ${f(after.macroRecall)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
