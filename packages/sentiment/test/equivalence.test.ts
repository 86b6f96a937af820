import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeOptions } from '../src/analyze.js';
import { analyze as reference } from './reference/analyze.js';

// The hot path was rewritten for speed (issue 3); its contract is that nothing a caller can see changed. These
// tests compare every field of `analyze` (label, score, confidence, lang, raw, stats, every token with its
// offsets, lemma, valence, contribution and rules) with the engine as it was before (test/reference/, a frozen
// copy), on the development rows of the shared data and on random strings.

const DATA = process.env.VAKT_SENTIMENT_DATA ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/sentiment');
const FILES: Array<[string, 'sv' | 'en']> = [
  ['tweeteval/validation.jsonl', 'en'], ['semeval-twitter/train-dev.jsonl', 'en'], ['mozetic-twitter/en.jsonl', 'en'],
  ['mozetic-twitter/sv-train-dev.jsonl', 'sv'], ['swe-sentiment/train-dev.jsonl', 'sv'], ['absabank-imm/train-dev.jsonl', 'sv'],
];

/** Dev rows of one file (TweetEval validation has no split field: all of it is dev). */
function devTexts(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(resolve(DATA, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text?: unknown; split?: string };
    if (typeof r.text === 'string' && (r.split ?? 'dev') === 'dev') out.push(r.text);
  }
  return out;
}

/** Compares with the reference; returns a description of the first difference, or undefined. */
function differs(text: string, opts: AnalyzeOptions): string | undefined {
  const a = analyze(text, opts);
  const b = reference(text, opts);
  // Plain objects, compared as JSON with the token arrays spelled out: a readable diff when one differs.
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja === jb ? undefined : `${JSON.stringify(text)} ${JSON.stringify(opts)}\n  new: ${ja}\n  old: ${jb}`;
}

const OVERRIDES = { kö: -2, strul: -1.5, väntetid: -1, bra: 0, love: -1, good: 3, support: -1 };

describe('the engine gives the same analysis as before the hot-path rewrite', { timeout: 120_000 }, () => {
  for (const [file, lang] of FILES) {
    it.skipIf(!existsSync(resolve(DATA, file)))(`on the dev rows of ${file}, told the language, detecting it, with overrides`, () => {
      const texts = devTexts(file);
      expect(texts.length).toBeGreaterThan(100);
      const bad: string[] = [];
      for (const t of texts) {
        for (const opts of [{ lang }, {}, { lang, overrides: OVERRIDES }] as AnalyzeOptions[]) {
          const d = differs(t, opts);
          if (d !== undefined && bad.length < 3) bad.push(d);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  // Word forms in capitals, mixed case and non-Latin scripts, where lower-casing and the all-caps rule differ.
  const PIECES = ['inte', 'INTE', 'Inte', 'not', 'NOT', 'bra', 'BRA', 'Bra', 'good', 'GOOD', 'men', 'but', 'jätte', 'JÄTTE',
    'very', 'lite', 'otrevligt', 'fruktansvärt', 'trevligt', 'TREVLIGT', 'Ärligt', 'ÅÄÖ', 'ß', 'SS', 'µ', 'ÿ', 'İstanbul',
    'ΣΟΦΙΑ', 'Σοφία', 'ǅ', 'Ǆ', 'DŽ', 'Ⅻ', 'ⓐ', 'Ⓐ', '!', '?', ',', '.', ':', ';', '😀', '🙄', ':(', ':-)', 'D:', 'Do:', 'do',
    "don't", 'o_O', 'SÅ', 'sååå', 'GOOOOD', '#fakturakaos', '#Bra', '@x', 'http://a.b', 'www.x.se', 'utan', 'bara',
    'only', 'ingen', 'fara', 'tack', 'för', 'ingenting', 'kind', 'of', '\n', 'dock', 'however', 'Toppen', 'like', 'I',
    'skitbra', 'kundtjänstkaos', '2024', 'e-post', "it's", 'a', 'x', '€', '\u0301', '\u00a0', '👍🏽', '❤️', '🇸🇪'];
  it('on random strings (any Unicode, and salads of the words and symbols the rules look at)', () => {
    const opts = fc.constantFrom<AnalyzeOptions>({}, { lang: 'sv' }, { lang: 'en' }, { lang: 'sv', overrides: OVERRIDES });
    const salad = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).chain((ws) =>
      fc.array(fc.constantFrom(' ', '', '  ', '\t'), { minLength: ws.length, maxLength: ws.length }).map((sp) => ws.map((w, i) => w + sp[i]).join('')));
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 }), salad);
    fc.assert(fc.property(text, opts, (t, o) => { expect(differs(t, o)).toBeUndefined(); }), { numRuns: 20_000 });
  });
});
