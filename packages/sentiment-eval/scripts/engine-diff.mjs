// Output identity of two builds of the lexicon engine: `node engine-diff.mjs <old analyze.js> [<new analyze.js>]`
// (needs this package built, `tsc -p packages/sentiment-eval`, for its data loader).
// Compares every dev row of every data set (with lang sv, en and none) and ~24,000 random inputs (binary and
// grapheme strings, vocabulary salads, overrides) by `isDeepStrictEqual` and `JSON.stringify`; exits 1 on any
// difference and prints the first few. The bar for a speed-only engine change: 0 differences.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { loadSet, SETS } from '../dist/data.js';

const require = createRequire(new URL('../../sentiment/package.json', import.meta.url));
const fc = require('fast-check');
const [pa, pb = new URL('../../sentiment/dist/analyze.js', import.meta.url).pathname] = process.argv.slice(2);
if (!pa) {
  console.error('usage: node engine-diff.mjs <old dist/analyze.js> [<new dist/analyze.js>]');
  process.exit(2);
}
const OLD = await import(pa);
const NEW = await import(pb);
let n = 0;
let bad = 0;
function compare(text, opts) {
  const a = OLD.analyze(text, opts);
  const b = NEW.analyze(text, opts);
  n++;
  if (isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b)) return;
  if (bad++ < 5)
    console.log(
      'DIFF',
      JSON.stringify(text).slice(0, 200),
      JSON.stringify(opts),
      '\n  old',
      JSON.stringify(a).slice(0, 300),
      '\n  new',
      JSON.stringify(b).slice(0, 300),
    );
}
let rows = 0;
for (const set of SETS) {
  for (const r of loadSet(set, 'dev')?.rows ?? []) {
    rows++;
    compare(r.text, {});
    compare(r.text, { lang: 'sv' });
    compare(r.text, { lang: 'en' });
  }
}
console.log(`${SETS.length} sets, ${rows} dev rows, ${n} comparisons, ${bad} differences`);
const vocab = [
  'inte',
  'not',
  'bra',
  'good',
  'men',
  'but',
  'jätte',
  'very',
  'lite',
  'otrevligt',
  'fruktansvärt',
  'trevligt',
  '!',
  '?',
  ',',
  '.',
  '😀',
  '🙄',
  ':(',
  'SÅ',
  'sååå',
  '#fakturakaos',
  '@x',
  'http://a.b',
  'utan',
  'bara',
  'only',
  'ingen',
  'fara',
  'tack',
  'för',
  'ingenting',
  'kind',
  'of',
  '\n',
  'dock',
  'however',
  'Toppen',
  'not only',
  'inte bara',
  'utan också',
  'like',
  'I',
  'RT',
  'GREAT',
  'yeah right',
  'ja visst',
  '😂😂',
  ':D',
  'no problem',
  'ingen fara',
  'super',
  'terribly',
  'nice',
  'kind of',
  'jättebra',
  'kundtjänstkaos',
  'gooood',
  'inte alls',
  'ÅÄÖ',
  'Försäkringskassan',
  "don't",
  'e-post',
  'D:',
  'o_O',
  'www.x.se',
];
const langs = fc.constantFrom('sv', 'en', undefined);
const before = n;
const opt = (l) => (l ? { lang: l } : {});
fc.assert(
  fc.property(fc.string({ unit: 'binary', maxLength: 300 }), langs, (s, l) => {
    compare(s, opt(l));
  }),
  { numRuns: 8000, seed: 1 },
);
fc.assert(
  fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), langs, (s, l) => {
    compare(s, opt(l));
  }),
  { numRuns: 4000, seed: 2 },
);
fc.assert(
  fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 40 }), langs, (ws, l) => {
    compare(ws.join(' '), opt(l));
  }),
  { numRuns: 10000, seed: 3 },
);
compare('Det var inte otrevligt men kön var lång 😡 #fakturakaos! '.repeat(2000), {});
fc.assert(
  fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 30 }), (ws) => {
    compare(ws.join(' '), { overrides: { bra: -2, kaos: 3 } });
  }),
  { numRuns: 2000, seed: 4 },
);
console.log(`${n - before} random comparisons; ${bad} differences in all`);
process.exit(bad ? 1 : 0);
