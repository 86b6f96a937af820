/**
 * `pnpm --filter @vakt/sentiment-model train [--seed N] [--out DIR] [--data DIR] [--add FILE]… [--no-lexicon]
 * [--hyper JSON] [--cv FILE] [--phenomena DIR]`. `--phenomena` also trains on the development part of the phenomena cases. `--cv` (default `model/cv.json`) supplies the epochs, temperature and combination
 * policy chosen by cross-validation (`pnpm cv`). Entry file: parses flags and calls `train()`; nothing else. Defaults rebuild the shipped model
 * in `packages/sentiment-model/model` from `VAKT_SENTIMENT_DATA` (default: the data checkout beside the repository, README "Training data").
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data.js';
import { DEFAULT_MODEL_DIR } from './model-io.js';
import { train, type Hyper } from './train.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  // `pnpm train -- --flag` passes the `--` through: drop it.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    cv: { type: 'string' },
    seed: { type: 'string', default: '20261123' },
    out: { type: 'string' },
    data: { type: 'string' },
    add: { type: 'string', multiple: true },
    'no-lexicon': { type: 'boolean', default: false },
    hyper: { type: 'string' },
    phenomena: { type: 'string' },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed: expected an integer, got "${values.seed}"`);
  process.exit(2);
}
const result = await train({
  dataDir: values.data ? resolve(values.data) : defaultDataDir(repoRoot),
  outDir: values.out ? resolve(values.out) : DEFAULT_MODEL_DIR,
  seed,
  add: values.add?.map((f) => resolve(f)),
  log: (line) => console.log(`[train] ${line}`),
  hyper: values.hyper ? (JSON.parse(values.hyper) as Partial<Hyper>) : undefined,
  lexicon: values['no-lexicon'] ? false : undefined,
  ...(values.cv ? { cvFile: resolve(values.cv) } : {}),
  ...(values.phenomena ? { phenomenaDir: resolve(values.phenomena) } : {}),
});
console.log(
  JSON.stringify({
    outDir: join(result.outDir),
    bestEpoch: result.bestEpoch,
    temperature: result.temperature,
    seconds: Math.round(result.durationMs / 1000),
  }),
);
