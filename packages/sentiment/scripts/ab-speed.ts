// Same-process A/B of the engine's speed: the current `analyze` against the frozen pre-issue-3 copy in
// test/reference/, alternating 150 ms slices over the same posts so that load from other jobs on a shared machine
// hits both alike. Prints posts per CPU-second (best and median slice) and the ratio. Not a test: speed is measured
// here and in `pnpm bench:sentiment`, never asserted.
//
//   cd packages/sentiment && npx tsx --conditions=@vakt/source scripts/ab-speed.ts [slices=20]
//
// Posts: the dev rows of tweeteval (en), swe-sentiment and mozetic-sv (sv), as `pnpm bench:sentiment` uses.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analyze.js';
import { analyze as reference } from '../test/reference/analyze.js';

type Post = { text: string; lang: 'sv' | 'en' };
const DATA = process.env.VAKT_SENTIMENT_DATA ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/sentiment');
const posts: Post[] = [];
for (const [file, lang] of [['tweeteval/validation.jsonl', 'en'], ['swe-sentiment/train-dev.jsonl', 'sv'], ['mozetic-twitter/sv-train-dev.jsonl', 'sv']] as const) {
  for (const line of readFileSync(resolve(DATA, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text?: unknown; split?: string };
    if (typeof r.text === 'string' && (r.split ?? 'dev') === 'dev') posts.push({ text: r.text, lang });
  }
}
let sink = 0;
/** Scores every post and reads what the scorer reads (runtime's toSentiment keeps tokens that mattered). */
const pass = (f: typeof analyze) => (): void => {
  for (const p of posts) {
    const a = f(p.text, { lang: p.lang });
    sink += a.score + a.confidence;
    for (const t of a.tokens) if (t.contribution !== 0 || t.rules.length > 0) sink++;
  }
};
const systems: Array<[string, () => void]> = [['current', pass(analyze)], ['reference', pass(reference)]];
for (let r = 0; r < 3; r++) for (const [, f] of systems) f(); // warm-up: JIT and both engines' word caches
const slices = Number(process.argv[2] ?? 20);
const rates = new Map<string, number[]>(systems.map(([n]) => [n, []]));
for (let s = 0; s < slices; s++) {
  for (const [name, f] of systems) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 150) { f(); n += posts.length; }
    const cpu = process.cpuUsage(c0);
    rates.get(name)!.push(n / ((cpu.user + cpu.system) / 1e6));
  }
}
const best = (n: string): number => Math.max(...rates.get(n)!);
const median = (n: string): number => { const v = [...rates.get(n)!].sort((a, b) => a - b); return v[v.length >> 1]!; };
for (const [name] of systems) console.log(`${name.padEnd(10)} best ${Math.round(best(name)).toLocaleString('en-US')}  median ${Math.round(median(name)).toLocaleString('en-US')} posts/CPU-s`);
console.log(`current / reference: best ${(best('current') / best('reference')).toFixed(2)}, median ${(median('current') / median('reference')).toFixed(2)} (${posts.length} posts, ${slices} slices each)`);
if (sink === 42) console.log('');
