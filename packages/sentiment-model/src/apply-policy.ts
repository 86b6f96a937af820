import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CombinePolicy } from './combine.js';
import type { LexiconProvider } from './lexicon.js';
import { writeModelCard } from './model-card.js';
import { loadModel } from './model-io.js';
import { runProbes } from './probes.js';

/**
 * Records `policy` as the combination policy of the model in `dir` (manifest `hyper.policy`) and writes its model
 * card again. The weights and their checksum are untouched: the policy is chosen after training, on out-of-fold
 * predictions and on cases the trained model never saw, so choosing it cannot change what was trained.
 */
export async function applyPolicy(dir: string, policy: CombinePolicy, lexicon: LexiconProvider): Promise<void> {
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { hyper: Record<string, unknown> };
  manifest.hyper.policy = policy;
  await writeFile(file, `${JSON.stringify(manifest, null, 1)}\n`);
  const { weights, meta } = await loadModel(dir, lexicon.names);
  const h = meta.hyper as { trainingMs?: number; added?: number };
  await writeModelCard(dir, meta, {
    temperature: weights.temperature,
    durationMs: h.trainingMs ?? 0,
    added: h.added ?? 0,
    probes: runProbes(weights, lexicon),
  });
}
