import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { lexiconFeatures, LEXICON_FEATURE_NAMES } from '../src/features.js';
import { detectLanguage } from '../src/language.js';

const at = (f: Float32Array, name: (typeof LEXICON_FEATURE_NAMES)[number]): number =>
  f[LEXICON_FEATURE_NAMES.indexOf(name)]!;

describe('lexiconFeatures', () => {
  // the model engineer depends on this order: the first names are fixed (append-only contract)
  it('keeps its documented prefix and length', () => {
    expect(LEXICON_FEATURE_NAMES.slice(0, 8)).toEqual([
      'raw',
      'score',
      'pos_mass',
      'neg_mass',
      'max_pos',
      'max_neg',
      'pos_count',
      'neg_count',
    ]);
    expect(new Set(LEXICON_FEATURE_NAMES).size).toBe(LEXICON_FEATURE_NAMES.length);
    expect(lexiconFeatures(analyze('')).length).toBe(LEXICON_FEATURE_NAMES.length);
  });
  // each phenomenon lands in its own feature
  it('separates negation, intensification, contrast, emoji and language', () => {
    const f = lexiconFeatures(analyze('Jättebra app men inte bra support 😡!', { lang: 'sv' }));
    expect(at(f, 'negated_count')).toBe(1);
    expect(at(f, 'negated_mass')).toBeLessThan(0);
    expect(at(f, 'intensified_mass')).toBeGreaterThan(0);
    expect(at(f, 'has_contrast')).toBe(1);
    expect(at(f, 'after_contrast_mass')).toBeLessThan(0);
    expect(at(f, 'emoji_count')).toBe(1);
    expect(at(f, 'exclamations')).toBe(1);
    expect(at(f, 'lang_sv')).toBe(1);
    expect(at(f, 'lang_en')).toBe(0);
    expect(at(f, 'raw')).toBeCloseTo(analyze('Jättebra app men inte bra support 😡!', { lang: 'sv' }).raw, 4);
  });
  it('flags sarcasm and double negation', () => {
    expect(at(lexiconFeatures(analyze('Toppen, kön igen 🙄', { lang: 'sv' })), 'sarcasm')).toBe(1);
    expect(at(lexiconFeatures(analyze('det är inte otrevligt', { lang: 'sv' })), 'double_negation')).toBe(1);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['Kundtjänsten svarar aldrig och det är så tröttsamt', 'sv'],
    ['The customer service never answers and it is so tiring', 'en'],
    ['Der Kundendienst antwortet nie und es ist so ermüdend', 'other'],
    ['Asiakaspalvelu ei koskaan vastaa', 'other'],
  ])('%s → %s', (text, lang) => expect(detectLanguage(text).lang).toBe(lang));
  // emoji-only text has no language evidence: low confidence
  it('is unsure without letters', () => expect(detectLanguage('😀😀').confidence).toBeLessThan(0.5));
  // the issue-15 phenomena each land in their own appended feature
  it('separates absence, missing service, "aldrig … så" and sarcasm', () => {
    expect(at(lexiconFeatures(analyze('Allt gick utan krångel', { lang: 'sv' })), 'absence_mass')).toBeGreaterThan(0);
    expect(at(lexiconFeatures(analyze('Mejlade tre gånger utan svar', { lang: 'sv' })), 'missing_mass')).toBeLessThan(
      0,
    );
    expect(at(lexiconFeatures(analyze('Aldrig varit så nöjd', { lang: 'sv' })), 'never_so_mass')).toBeGreaterThan(0);
    expect(at(lexiconFeatures(analyze('Thanks for losing my passport', { lang: 'en' })), 'sarcasm_mass')).toBeLessThan(
      0,
    );
  });
});
