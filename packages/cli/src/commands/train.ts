import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigSpec } from '@vakt/config/spec';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';

const spec = {
  seed: { env: 'VAKT_TRAIN_SEED', flag: '--seed', type: 'int', default: 20261123, description: 'Random seed; the same seed and data give the same model.' },
  data: { env: 'VAKT_SENTIMENT_DATA', flag: '--data', type: 'path', default: '../shared/data/sentiment', description: 'Folder of labelled sentiment data (laid out like shared/data/sentiment).' },
  out: { env: 'VAKT_MODEL_DIR', flag: '--out', type: 'path', description: 'Where to write the model. Default: the shipped model for a base run; .vakt-data/model with --add, so the base stays reproducible.' },
  add: { env: 'VAKT_TRAIN_ADD', flag: '--add', type: 'list', default: [], description: 'Extra labelled JSONL files ({"text","label","lang"?}), comma-separated: a deployment\'s own corrections.' },
} satisfies ConfigSpec;

/** `vakt train`: reproducible training of the sentiment model (see packages/sentiment-model/MODEL_CARD.md). */
export async function trainCommand(io: CommandIo): Promise<number> {
  const { config } = loadCommandConfig(io, spec, 'vakt train [--seed N] [--add FILE[,FILE]] [--out DIR]', 'Train the sentiment model on the labelled data, reproducibly.');
  const [{ train }, { DEFAULT_MODEL_DIR }] = await Promise.all([import('@vakt/sentiment-model/train'), import('@vakt/sentiment-model/model-io')]);
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
  const outDir = config.out ? resolve(config.out) : config.add.length > 0 ? resolve('.vakt-data/model') : DEFAULT_MODEL_DIR;
  const result = await train({
    dataDir: resolve(repoRoot, config.data),
    outDir,
    seed: config.seed,
    add: config.add.map((f) => resolve(f)),
    log: (line) => io.stderr.write(`[train] ${line}\n`),
  });
  io.stdout.write(`${JSON.stringify({ outDir: result.outDir, bestEpoch: result.bestEpoch, temperature: result.temperature, seconds: Math.round(result.durationMs / 1000), metrics: result.metrics })}\n`);
  return 0;
}
