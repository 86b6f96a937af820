// The most frequent rated words of one language's training posts, for a reading audit of the lexicon:
// `node rated-words.mjs sv|en [count]` (needs this package and @vakt/sentiment built).
// Prints each word with its valence, the number of training posts it is rated in and the gold labels of those posts.
// The labels only point at words worth reading: a word is changed for what it means ("just" is "exactly" far more
// than "fair"), never to move a set's figure, which the labels of a few dozen posts would fit rather than fix.
import { analyze } from '../../sentiment/dist/analyze.js';
import { loadSet, SETS } from '../dist/data.js';

const [lang, count = '200'] = process.argv.slice(2);
if (lang !== 'sv' && lang !== 'en') {
  console.error('usage: node rated-words.mjs sv|en [count]');
  process.exit(2);
}
const words = new Map();
for (const set of SETS.filter((s) => s.lang === lang && !s.name.startsWith('phenomena'))) {
  for (const row of loadSet(set, 'train')?.rows ?? []) {
    const seen = new Set();
    for (const t of analyze(row.text, { lang }).tokens) {
      const key = t.text.toLowerCase();
      if (!t.valence || seen.has(key)) continue;
      seen.add(key);
      const w = words.get(key) ?? { valence: t.valence, posts: 0, negative: 0, neutral: 0, positive: 0 };
      w.posts++;
      w[row.label]++;
      words.set(key, w);
    }
  }
}
console.log(
  'word'.padEnd(20),
  'valence'.padStart(7),
  'posts'.padStart(6),
  '  gold labels (negative / neutral / positive)',
);
for (const [key, w] of [...words].sort((a, b) => b[1].posts - a[1].posts).slice(0, Number(count)))
  console.log(
    key.padEnd(20),
    w.valence.toFixed(2).padStart(7),
    String(w.posts).padStart(6),
    `  ${w.negative} / ${w.neutral} / ${w.positive}`,
  );
