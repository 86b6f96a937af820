/**
 * `pnpm --filter @vakt/sentiment-model bench [--n 50000] [--batch 256]`: throughput of the combined engine on one
 * core (Node runs the scoring on one thread), with the lexicon alone and the model's own share for comparison,
 * and the process memory after loading. Texts come from the dev data (never shipped); figures go to stdout.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir, loadCorpus } from './data.js';
import { createSentimentEngine } from './engine.js';
import { featurize } from './featurize.js';
import { vaktLexicon } from './lexicon.js';
import { createForward, N_CLASSES } from './network.js';
import { DEFAULT_MODEL_DIR, loadModel } from './model-io.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { values } = parseArgs({
  options: { n: { type: 'string', default: '50000' }, batch: { type: 'string', default: '256' } },
});
const N = Number(values.n);
const BATCH = Number(values.batch);
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const corpus = await loadCorpus(defaultDataDir(repoRoot));
const pool = corpus.examples.filter((e) => e.split === 'dev');
const items = Array.from({ length: N }, (_, i) => ({
  text: pool[i % pool.length]!.text,
  lang: pool[i % pool.length]!.lang,
}));
const meanChars = items.reduce((s, x) => s + x.text.length, 0) / N;

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const rss0 = process.memoryUsage().rss;
const engine = await createSentimentEngine();
const lexicon = await vaktLexicon();
const { weights } = await loadModel(DEFAULT_MODEL_DIR, lexicon.names);
const mem = process.memoryUsage();

function time(label: string, run: (batch: typeof items) => void): void {
  for (let s = 0; s < Math.min(N, 20000); s += BATCH) run(items.slice(s, s + BATCH)); // warm-up: JIT and caches (a 5,000-post warm-up left the combined engine half-compiled)
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let s = 0; s < N; s += BATCH) run(items.slice(s, s + BATCH));
  const sec = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpuSec = (c.user + c.system) / 1e6;
  // Per CPU-second is the one-core figure even when the machine is shared (wall time then includes waiting).
  console.log(
    `${label.padEnd(34)} ${Math.round(N / cpuSec)
      .toString()
      .padStart(8)} posts/s per CPU-second, ${Math.round(N / sec)
      .toString()
      .padStart(8)} posts/s wall  (${N} posts, batch ${BATCH})`,
  );
}

console.log(
  `engine model: ${engine.model}; ${N} dev posts, mean ${meanChars.toFixed(0)} chars; one core (single thread); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
);
time('combined engine (scoreBatch)', (b) => void engine.scoreBatch(b));
time('lexicon alone (analyze+features)', (b) => b.forEach((x) => lexicon.features(x.text, x.lang)));
const fwd = createForward(weights);
const ids: number[] = [];
const logits = new Float32Array(N_CLASSES);
const zeros = new Float32Array(weights.nLex);
time('model share (featurise+forward)', (b) =>
  b.forEach((x) => {
    ids.length = 0;
    featurize(x.text, x.lang, weights.buckets, ids);
    fwd(ids, zeros, logits);
  }),
);
console.log(
  `memory after load: rss ${mb(mem.rss)} (engine + lexicon + data added ${mb(mem.rss - rss0)}), heap used ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}`,
);
