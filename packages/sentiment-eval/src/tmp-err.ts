import { analyze } from '@vakt/sentiment/analyze';
import { loadSet, SETS } from './data.js';
const set = SETS.find(s => s.name === process.argv[2])!;
const rows = loadSet(set, 'train')!.rows;
let shown = 0;
const want = process.argv[3];
for (const r of rows) {
  const a = analyze(r.text, { lang: set.lang });
  const pred = a.label === 'neutral' && set.classes.length === 2 ? (a.score > 0 ? 'positive' : a.score < 0 ? 'negative' : 'neutral') : a.label;
  if (pred === r.label || (want && r.label !== want)) continue;
  if (shown++ > 40) break;
  console.log(`${r.label[0]}→${pred[0]} ${a.score.toFixed(2)} | ${r.text.replace(/\n/g, ' ').slice(0, 140)} || ${a.tokens.filter(t => t.contribution).map(t => `${t.text}:${t.contribution.toFixed(1)}`).join(' ')}`);
}
