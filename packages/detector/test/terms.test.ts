import { describe, expect, it } from 'vitest';
import { rng } from '@vakt/random/mulberry32';
import { STOP, terms, tokenize, TermTracker } from '../src/terms.js';

const STOP_SAMPLE = ['och', 'att', 'the', 'not', 'inte', 'är', 'på', 'kan', 'vad', 'dom', 'inget', 'she'];
/** The first tokenizer (matchAll + a trimming regex per word), verbatim: the reference the fast scanner must match. */
function referenceTokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu)) {
    const w = m[0].replace(/^['-]+|['-]+$/g, '');
    if (w.length < 2 || STOP.has(w) || /^\d+$/.test(w) || w.startsWith('http')) continue;
    out.push(w);
  }
  return out;
}

// Pieces a generated text is made of: words, stop words, apostrophes and hyphens in runs, digits, URLs, other scripts,
// letters whose lower case is longer (İ), combining marks, emoji, surrogates alone, punctuation and spaces.
const PIECES = [
  'kundtjänst',
  'Försäkringskassan',
  'APPEN',
  'krånglar',
  'it',
  "it's",
  "don't",
  "'quoted'",
  'can-do',
  '--',
  "''",
  "-'-",
  'x-',
  "rock'n'roll",
  '2024',
  '12ab',
  'a1',
  'http://x.se',
  'https',
  'HTTPkod',
  'İstanbul',
  'ΣΊΣΥΦΟΣ',
  'Ωmega',
  'e\u0301t\u0301',
  '日本語',
  '😡',
  '\uD800',
  '\uDC00x',
  '…',
  ',',
  '.',
  '!',
  ' ',
  ' ',
  '\n',
  '\t',
  '-',
  "'",
  ...STOP_SAMPLE,
];

describe('tokenize gives the same tokens as the earlier implementation', () => {
  it('on 20,000 generated texts of words, stop words, quotes, hyphens, digits, URLs and other scripts', () => {
    const random = rng(42);
    let tokens = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + Math.floor(random() * 12);
      let text = '';
      for (let j = 0; j < n; j++) text += PIECES[Math.floor(random() * PIECES.length)]! + (random() < 0.6 ? ' ' : '');
      const got = tokenize(text);
      expect(got, JSON.stringify(text)).toEqual(referenceTokenize(text));
      tokens += got.length;
    }
    // Both sides produced plenty, so the comparison was not between empty lists.
    expect(tokens).toBeGreaterThan(20_000);
  });

  it.each([
    // trailing apostrophes and hyphens go, inner ones stay
    ["don't-- stop'", ["don't", 'stop']],
    // a word cannot start with an apostrophe or hyphen: the match starts after them
    ["'citat' -bindestreck-", ['citat', 'bindestreck']],
    // digits only, one-letter words, stop words and words starting with http are dropped; a digit-letter mix stays;
    // a URL splits at ':', '/' and '.', so only its first word goes
    ['2024 a och 12ab http://x.se', ['12ab', 'se']],
    // lower-casing first: İ becomes i + a combining dot, which is a mark, not a letter (the word splits there)
    ['İstanbul', ['stanbul']],
  ])('%j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('terms and the tracker still see unigrams and bigrams of the tokens', () => {
    expect([...terms('Appen krånglar fortsatt')]).toEqual([
      'appen',
      'krånglar',
      'fortsatt',
      'appen krånglar',
      'krånglar fortsatt',
    ]);
    const t = new TermTracker();
    for (let i = 0; i < 50; i++) t.observe('bra service idag');
    expect(t.surging(['kundtjänstkaos igen', 'kundtjänstkaos nu', 'kundtjänstkaos'], 3)[0]!.term).toBe(
      'kundtjänstkaos',
    );
  });
});
