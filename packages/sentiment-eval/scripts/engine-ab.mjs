// Same-process A/B of two builds of the lexicon engine: `node engine-ab.mjs <old analyze.js> [<new analyze.js>]`.
//
// Why not two runs of `pnpm bench:sentiment`: on a shared machine one bench run moves by ±20 %, which hides the
// 5–15 % an engine change is worth. Here old and new alternate in short slices (SLICE_MS, default 150) in one
// process, so load changes hit both alike; the median ratio of SLICES (default 20) pairs is the figure. An A/A run
// (the same build twice) gives 1.00 ± 0.05. SWAP=1 imports the new build first (JIT order). Tokens are read the way
// the scorer's `toSentiment` reads them, so a change that only defers work past the engine does not count.
// Needs this package built (`tsc -p packages/sentiment-eval`) for its data loader. Make the old build with `git worktree add /tmp/old <rev>` + `tsc -p packages/sentiment` there, or copy dist/.
import { loadSet, SETS } from '../dist/data.js';

const [pa, pb = new URL('../../sentiment/dist/analyze.js', import.meta.url).pathname] = process.argv.slice(2);
if (!pa) {
  console.error('usage: node engine-ab.mjs <old dist/analyze.js> [<new dist/analyze.js>]');
  process.exit(2);
}
let OLD, NEW;
if (process.env.SWAP) {
  NEW = await import(pb);
  OLD = await import(pa);
} else {
  OLD = await import(pa);
  NEW = await import(pb);
}
// The posts `pnpm bench:sentiment` times (bench-main.ts `corpus()`): the dev rows of these three sets.
const posts = [];
for (const name of ['tweeteval-val', 'swe-sentiment', 'mozetic-sv']) {
  const set = SETS.find((s) => s.name === name);
  for (const r of loadSet(set, 'dev')?.rows ?? []) posts.push({ text: r.text, lang: set.lang });
}
const SLICE = Number(process.env.SLICE_MS ?? 150);
const N = Number(process.env.SLICES ?? 20);
let sink = 0;
/** Posts per CPU-second of `analyze` over `ms` of wall time. */
function run(analyze, ms) {
  const t0 = process.cpuUsage();
  const start = performance.now();
  let k = 0;
  let i = 0;
  while (performance.now() - start < ms) {
    for (let j = 0; j < 200; j++) {
      const p = posts[i];
      i = (i + 1) % posts.length;
      const a = analyze(p.text, { lang: p.lang });
      sink += a.score;
      for (const t of a.tokens) if (t.contribution !== 0 || t.rules.length > 0) sink += t.rules.length + t.start;
      k++;
    }
  }
  const u = process.cpuUsage(t0);
  return k / ((u.user + u.system) / 1e6);
}
for (let w = 0; w < 3; w++) {
  run(OLD.analyze, 400);
  run(NEW.analyze, 400);
}
const ratios = [];
const olds = [];
const news = [];
for (let s = 0; s < N; s++) {
  let a, b;
  if (s % 2) {
    b = run(NEW.analyze, SLICE);
    a = run(OLD.analyze, SLICE);
  } else {
    a = run(OLD.analyze, SLICE);
    b = run(NEW.analyze, SLICE);
  }
  olds.push(a);
  news.push(b);
  ratios.push(b / a);
}
const median = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(
  `${posts.length} posts, ${N} slices of ${SLICE} ms; old median ${fmt(median(olds))}/CPU-s, new median ${fmt(median(news))}/CPU-s`,
);
console.log(
  `new/old: median ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})${sink === 0 ? ' .' : ''}`,
);
