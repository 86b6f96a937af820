import { describe, expect, it } from 'vitest';
import { lookUpWords, newWork, type Work } from '../src/prepare.js';
import { tokenizeWith } from '../src/tokenize.js';
import { wordEntry } from '../src/word-info.js';
import { isLatin1Capital } from '../src/word-table.js';

/**
 * The tokenizer scans words of Latin-1 letters and digits on a fast path and every other word on the general one;
 * `lookUpWords` then gives each word its entry, as `analyze` does. Both paths must agree on the text and the
 * lower-cased form, and the entry must be `wordEntry`'s, whichever way the form entered the table.
 */
type Seen = Work;
const tokensOf = (text: string): Seen[] => {
  const ws = tokenizeWith(text, newWork);
  lookUpWords(ws);
  return ws;
};

let fresh = 0;
/** A form no other test has put in the table: `stem` followed by letters (Latin-1, so the fast path can take it). */
function unseen(stem: string): string {
  let n = fresh++;
  let tail = '';
  do {
    tail += String.fromCharCode(0x61 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return stem + tail;
}

/** The token's fields agree with the plain string path: the text, its `toLowerCase`, and `wordEntry`'s entry. */
function expectLikeStringPath(t: Seen, text: string): void {
  expect(t.kind).toBe('word');
  expect(t.text).toBe(text);
  expect(t.lower).toBe(text.toLowerCase());
  const e = wordEntry(t.lower);
  expect(t.entry).toBe(e);
  expect(e.key).toBe(t.lower);
}

describe('Latin-1 case folding', () => {
  // lowerOf (tokenize.ts) and hashSpan (word-table.ts) rely on Latin-1 lower-casing being a capital + 32 and leaves every other Latin-1 character alone: that must be
  // exactly what toLowerCase does, for all 256 characters (× and ÷ are not letters; ß, µ and ÿ are lower case)
  it('matches toLowerCase for U+0000–U+00FF', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x100; c++) {
      const want = String.fromCharCode(c).toLowerCase();
      const got = String.fromCharCode(isLatin1Capital(c) ? c + 32 : c);
      if (got !== want) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('the tokenizer finds the same entry as wordEntry', () => {
  // capitals (ASCII and Latin-1), caseless letters, digits, short and long forms
  const STEMS = ['', 'Hej', 'HEJ', 'ÅÄÖ', 'åäö', 'Ärl', 'ÀÉÎÕ', 'ÜÝÞ', 'ßµÿ', 'ªº', 'x2', '2'];
  const LENGTHS = [1, 4, 7, 8, 9, 12];
  const forms = (): string[] => {
    const out: string[] = [];
    for (const stem of STEMS) {
      for (const len of LENGTHS) {
        const f = unseen(stem);
        if (f.length <= len) out.push(f + 'Q'.repeat(len - f.length), f + 'q'.repeat(len - f.length));
      }
    }
    return out;
  };

  // 1. tokenizing inserts the form, 2. wordEntry must find that entry
  it('when the tokenizer saw the form first', () => {
    for (const f of forms()) {
      const [t] = tokensOf(f);
      expectLikeStringPath(t!, f);
    }
  });

  // 1. wordEntry inserts the form, 2. tokenizing must find it; 3. a second time finds it again
  it('when wordEntry saw the form first', () => {
    for (const f of forms()) {
      const e = wordEntry(f.toLowerCase());
      const [t] = tokensOf(f);
      expect(t!.entry).toBe(e);
      expectLikeStringPath(t!, f);
      expectLikeStringPath(tokensOf(` ${f}, `)[0]!, f);
    }
  });

  // the words around the fast path's exits: apostrophes, hyphens, letters beyond Latin-1, an astral letter, a
  // URL or emoticon opening, and Latin-1 words ending in "’", "…", an emoji or the end of the text
  it.each([
    ["don't", ["don't"]],
    ['e-post', ['e-post']],
    ['Łódź', ['Łódź']],
    ['naïve café', ['naïve', 'café']],
    ['ab𝐀', []],
    ['http: www. D: O_o', []],
    ['Bra’ BRA… Bra😂 bra- bra -bra', ['Bra', 'BRA', 'Bra', 'bra', 'bra', 'bra']],
    ['Fantastiskt!', ['Fantastiskt']],
  ] as const)('%s', (text, words) => {
    const ts = tokensOf(text).filter((t) => t.kind === 'word');
    if (words.length > 0) expect(ts.map((t) => t.text)).toEqual(words);
    for (const t of ts) expectLikeStringPath(t, t.text);
  });

  // hashtags are not on the fast path but carry their entry too
  it('looks hashtags up', () => {
    const [t] = tokensOf('#KundTjänst');
    expect([t!.kind, t!.lower]).toEqual(['hashtag', '#kundtjänst']);
    expect(t!.entry).toBe(wordEntry('#kundtjänst'));
  });
});

describe('the tokenizer through table growth and the bounded clear', { timeout: 60_000 }, () => {
  // The table doubles as it fills and is cleared at 200,000 forms: entries found by the scan before must be the
  // ones found after growth, and after the clear the scan must insert and find fresh entries under the same hash.
  it('finds the entries wordEntry finds', () => {
    const probe = ['Fantastiskt', 'ÅÄÖ', 'abcdefgh', 'ABCDEFGHI', 'Hej'];
    const before = probe.map((f) => tokensOf(f)[0]!.entry);
    const ords: string[] = [];
    for (let k = 0; k < 30_000; k++) ords.push(unseen(k % 2 ? 'Ord' : 'ordNIONIO'));
    for (const o of ords) expectLikeStringPath(tokensOf(o)[0]!, o); // inserted by the scan, through growth
    for (const o of ords.slice(0, 100)) expect(tokensOf(o)[0]!.entry).toBe(wordEntry(o.toLowerCase()));
    probe.forEach((f, k) => expect(tokensOf(f)[0]!.entry).toBe(before[k]));
    for (let k = 0; k < 200_000; k++) wordEntry(unseen('fyll')); // past the bound: the table is cleared
    probe.forEach((f, k) => {
      const t = tokensOf(f)[0]!;
      expect(t.entry).not.toBe(before[k]);
      expectLikeStringPath(t, f);
      expect(tokensOf(f)[0]!.entry).toBe(t.entry);
    });
  });
});
