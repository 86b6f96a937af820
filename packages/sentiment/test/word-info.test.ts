import { describe, expect, it } from 'vitest';
import { enPack } from '../src/lang-en.js';
import { svPack } from '../src/lang-sv.js';
import { packWord, Role, wordEntry } from '../src/word-info.js';
import { analyze } from '../src/analyze.js';
import { detectLanguage } from '../src/language.js';

describe('word entries (the per-form cache behind every token)', () => {
  // the same form gives the same cached object; a different string object with the same text finds it too
  it('caches one entry per form', () => {
    const a = wordEntry('trevligt');
    const b = wordEntry(['trev', 'ligt'].join(''));
    expect(b).toBe(a);
    expect(a.key).toBe('trevligt');
  });

  // the table hashes and compares keys with Latin-1 capitals folded: forms that differ in length, in a high
  // Latin-1 byte (ÿ, ö) or only past the 8th character must still get their own entries
  it('keeps packed and string-compared keys apart', () => {
    const forms = [
      'a',
      'aa',
      'aaa',
      'aaaa',
      'aaaaa',
      'ÿÿÿÿ',
      'ÿÿÿÿÿ',
      'öga',
      'öga2',
      'abcdefgh',
      'abcdefghi',
      'abcdefgj',
      '日本',
      'ab日',
    ];
    const entries = forms.map((f) => wordEntry(f));
    expect(new Set(entries).size).toBe(forms.length);
    for (const f of forms) expect(wordEntry(f).key).toBe(f);
  });

  // language evidence: function words count 1, å/ä/ö 0.7 for Swedish, digits are no language's words
  it.each([
    ['inte', 1, 0, false],
    ['the', 0, 1, false],
    ['kärlek', 0.7, 0, false],
    ['kaos', 0, 0, false],
    ['2024', 0, 0, true],
  ] as const)('%s → sv %d, en %d, noLetter %s', (form, sv, en, noLetter) => {
    const e = wordEntry(form);
    expect([e.sv, e.en, e.noLetter]).toEqual([sv, en, noLetter]);
  });

  // each pack reads the form its own way: roles, de-elongation, lexicon hits
  it('reads roles and valences per pack', () => {
    expect(packWord(wordEntry('inte'), 'inte', svPack).roleInfo?.role).toBe(Role.Negator);
    expect(packWord(wordEntry('inte'), 'inte', svPack).hit).toBeUndefined();
    expect(packWord(wordEntry('not'), 'not', enPack).roleInfo?.role).toBe(Role.Negator);
    const long = packWord(wordEntry('braaaa'), 'braaaa', svPack);
    expect(long.elongated).toBe(true);
    expect(long.hit?.valence).toBeGreaterThan(0);
    expect(packWord(wordEntry('good'), 'good', enPack).hit?.valence).toBeGreaterThan(0);
    expect(packWord(wordEntry('good'), 'good', svPack)).not.toBe(packWord(wordEntry('good'), 'good', enPack));
  });

  // the table grows past its first size and is cleared (not grown) past its bound, and stays correct throughout
  it('stays correct through growth and the bounded clear', () => {
    const first = wordEntry('fantastiskt');
    for (let i = 0; i < 210_000; i++) wordEntry(`ord${i}x`);
    const again = wordEntry('fantastiskt');
    expect(again).not.toBe(first); // evicted by the clear at 200,000 forms, then read anew
    expect(again.key).toBe('fantastiskt');
    expect(wordEntry('ord209999x').key).toBe('ord209999x');
    expect(wordEntry('inte').sv).toBe(1);
    expect(packWord(again, 'fantastiskt', svPack).hit?.valence).toBeGreaterThan(0);
  });
});

describe('language evidence from the entry table agrees with languageEvidence', () => {
  // analyze detects the document language from the tokens of its work list; detectLanguage from its own
  // tokenize (language.ts). When function words decide, both must give the same language and confidence.
  it.each([
    'det var inte så bra idag',
    'this is not good at all',
    'jag tycker om det men the service was bad',
    'Kundtjänsten svarade aldrig',
    'THE APP IS DOWN AGAIN',
    '2024 12 31',
    'åäö ÅÄÖ',
    'Das Essen war gut',
  ])('%s', (text) => {
    const d = detectLanguage(text);
    const a = analyze(text);
    if (d.lang !== 'other') expect([a.lang, a.stats.langConfidence]).toEqual([d.lang, d.confidence]);
    else expect(a.stats.langConfidence).toBeLessThan(1);
  });
});
