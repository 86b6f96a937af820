// Matching throughput: posts/s against 1,000 watches, compiled matcher vs naive regex-per-watch, in one run.
// Run: pnpm --filter @vakt/watch bench   (env: WATCHES=1000 POSTS=20000)
import { createMatcher } from '../src/matcher.js';
import type { Watch } from '../src/watch.js';
import { createNaiveMatcher } from './naive.js';

const WATCHES = Number(process.env['WATCHES'] ?? 1000);
const POSTS = Number(process.env['POSTS'] ?? 20000);

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 42;
const rnd = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const syll = [
  'ka',
  'la',
  'mo',
  'ri',
  'sen',
  'berg',
  'tel',
  'vik',
  'ström',
  'ång',
  'sö',
  'dra',
  'nor',
  'kom',
  'fin',
  'ans',
  'bo',
];
const brand = (): string => {
  const n = 2 + Math.floor(rnd() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(syll);
  return s[0]!.toUpperCase() + s.slice(1);
};
const services = [
  'faktura',
  'kundtjänst',
  'appen',
  'leverans',
  'support',
  'invoice',
  'delivery',
  'refund',
  'bredband',
  'mobilnät',
];
const filler = [
  'det',
  'är',
  'inte',
  'bra',
  'att',
  'jag',
  'har',
  'väntat',
  'i',
  'timmar',
  'på',
  'svar',
  'från',
  'och',
  'the',
  'is',
  'again',
  'down',
  'why',
  'så',
  'trött',
  'helt',
  'otroligt',
  'dåligt',
  'tack',
  'för',
  'snabb',
  'hjälp',
  'idag',
  'igen',
  'wow',
];
const suffix = ['', 's', 'en', 's', 'ens', ''];

const watches: Watch[] = [];
const brands: string[] = [];
for (let i = 0; i < WATCHES; i++) {
  const b = `${brand()}${i}`;
  brands.push(b);
  watches.push({
    name: `w${i}`,
    owners: ['team'],
    query: `${b} OR #${b.toLowerCase()} OR "${b} ${pick(services)}" OR ${b.toLowerCase()}.se`,
    exclude: `@${b.toLowerCase()} OR jobbannons`,
    abbreviations: { [`B${i}`]: b },
    entities: [
      { name: 'svc', kind: 'service', query: `${pick(services)} OR ${pick(services)}` },
      { name: 'ceo', kind: 'person', query: `"${brand()} ${brand()}"` },
    ],
  });
}
const posts: { text: string }[] = [];
for (let i = 0; i < POSTS; i++) {
  const words: string[] = [];
  const len = 8 + Math.floor(rnd() * 25);
  for (let j = 0; j < len; j++) words.push(rnd() < 0.1 ? pick(services) : pick(filler));
  if (rnd() < 0.3) words.splice(Math.floor(rnd() * words.length), 0, pick(brands) + pick(suffix));
  if (rnd() < 0.05) words.push(`#${pick(brands).toLowerCase()}`);
  posts.push({ text: words.join(' ') });
}

function run(
  name: string,
  m: { match(p: { text: string }): unknown[] },
  n: number,
): { perSec: number; matches: number } {
  for (let i = 0; i < Math.min(500, n); i++) m.match(posts[i % posts.length]!); // warm-up (JIT, caches)
  let matches = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) matches += m.match(posts[i]!).length;
  const s = (performance.now() - t0) / 1000;
  const perSec = n / s;
  console.log(
    `${name.padEnd(28)} ${String(n).padStart(7)} posts in ${s.toFixed(2)} s = ${Math.round(perSec).toLocaleString('en')} posts/s, ${matches} matches`,
  );
  return { perSec, matches };
}

const tc = performance.now();
const fast = createMatcher(watches);
console.log(`compiled ${WATCHES} watches in ${(performance.now() - tc).toFixed(0)} ms`);
const naive = createNaiveMatcher(watches);
const naiveN = Math.min(POSTS, 1000); // the baseline is slow; a smaller sample gives the same rate
const a = run('aho-corasick + boolean', fast, POSTS);
const b = run('naive regex per watch', naive, naiveN);
let agree = 0;
for (let i = 0; i < naiveN; i++) {
  const x = JSON.stringify(fast.match(posts[i]!).map((m) => m.watch));
  const y = JSON.stringify(naive.match(posts[i]!).map((m) => m.watch));
  if (x === y) agree++;
}
console.log(
  `speed-up ${(a.perSec / b.perSec).toFixed(0)}x; same watches matched on ${((100 * agree) / naiveN).toFixed(1)}% of ${naiveN} posts `,
);
