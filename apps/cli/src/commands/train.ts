import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { VaktError } from '@vakt/errors/vakt-error';
import { correctionsStoreSpec, readCorrections } from './corrections.js';

const trainSpec = {
  seed: {
    env: 'VAKT_TRAIN_SEED',
    flag: '--seed',
    type: 'int',
    default: 20261123,
    description: 'Random seed; the same seed and data give the same model.',
  },
  data: {
    env: 'VAKT_SENTIMENT_DATA',
    flag: '--data',
    type: 'path',
    default: '../shared/data/sentiment',
    description:
      'Folder of labelled sentiment data, outside the repository (packages/sentiment-model/README.md, Training data, says where to get each set). Default: the data checkout beside the repository.',
  },
  out: {
    env: 'VAKT_MODEL_DIR',
    flag: '--out',
    type: 'path',
    description:
      'Where to write the model. Default: the shipped model for a base run; <data-dir>/model with --add or --add-corrections, so the base stays reproducible.',
  },
  add: {
    env: 'VAKT_TRAIN_ADD',
    flag: '--add',
    type: 'list',
    default: [],
    description:
      'Extra labelled JSONL files ({"text","label","lang"?}), comma-separated: a deployment\'s own corrections.',
  },
  addCorrections: {
    env: 'VAKT_TRAIN_ADD_CORRECTIONS',
    flag: '--add-corrections',
    type: 'bool',
    default: false,
    description:
      'Also train on the label corrections analysts made in the dashboard (read from the store; written to <data-dir>/training/corrections.jsonl first, so the model card can name and hash them).',
  },
} satisfies ConfigSpec;
const spec = composeSpec(trainSpec, correctionsStoreSpec);

/**
 * With --add-corrections: reads the corrections from the store and writes them as an `--add` file. The file stays in
 * the data dir (overwritten by the next run) because the model card records each added file's path and SHA-256:
 * keeping it is what makes the adapted model reproducible.
 */
async function correctionsFile(config: Parameters<typeof readCorrections>[0], io: CommandIo): Promise<string> {
  const { toTrainingJsonl, trainingExamples } = await import('@vakt/store/tables/label-corrections');
  const corrections = await readCorrections(config);
  const lines = trainingExamples(corrections).length;
  if (lines === 0) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      '--add-corrections: no label corrections are stored yet; correct labels in the dashboard (Mentions view) first, or check --data-dir / CLICKHOUSE_URL, --watch and --since',
    );
  }
  const dir = join(resolve(config.dataDir), 'training');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'corrections.jsonl');
  writeFileSync(file, toTrainingJsonl(corrections));
  io.stderr.write(`[train] ${lines} corrected mention(s) from the store → ${file}\n`);
  return file;
}

/** `vakt train`: reproducible training of the sentiment model (see packages/sentiment-model/MODEL_CARD.md). */
export async function trainCommand(io: CommandIo): Promise<number> {
  const { config } = loadCommandConfig(
    io,
    spec,
    'vakt train [--seed N] [--add FILE[,FILE]] [--add-corrections] [--out DIR]',
    'Train the sentiment model on the labelled data, reproducibly.',
  );
  const add = config.add.map((f) => resolve(f));
  if (config.addCorrections) add.push(await correctionsFile(config, io));
  const [{ train }, { DEFAULT_MODEL_DIR }] = await Promise.all([
    import('@vakt/sentiment-model/train'),
    import('@vakt/sentiment-model/model-io'),
  ]);
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
  const outDir = config.out
    ? resolve(config.out)
    : add.length > 0
      ? resolve(config.dataDir, 'model')
      : DEFAULT_MODEL_DIR;
  const result = await train({
    dataDir: resolve(repoRoot, config.data),
    outDir,
    seed: config.seed,
    add,
    log: (line) => io.stderr.write(`[train] ${line}\n`),
  });
  io.stdout.write(
    `${JSON.stringify({ outDir: result.outDir, bestEpoch: result.bestEpoch, temperature: result.temperature, seconds: Math.round(result.durationMs / 1000), metrics: result.metrics })}\n`,
  );
  return 0;
}
