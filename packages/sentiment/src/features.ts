import type { Analysis } from './analyze.js';

/**
 * A fixed-length numeric summary of an `Analysis` for the learned model (issue: sentiment part 2).
 *
 * Contract: `lexiconFeatures(a)` returns a Float32Array of exactly `LEXICON_FEATURE_NAMES.length` values, in
 * that order, all finite. The list is **append-only**: existing indices never change meaning, so a model trained
 * on an older version keeps working (it reads a prefix). Masses are sums of |contribution| over tokens whose
 * `rules` name the phenomenon; "signed" features keep the sign.
 */
export const LEXICON_FEATURE_NAMES = [
  'raw', //                 0 sum of contributions (signed)
  'score', //               1 raw squashed to -1..1
  'pos_mass', //            2 sum of positive contributions
  'neg_mass', //            3 sum of |negative contributions|
  'max_pos', //             4 largest positive contribution
  'max_neg', //             5 largest |negative contribution|
  'pos_count', //           6 tokens with a positive contribution
  'neg_count', //           7 tokens with a negative contribution
  'negated_mass', //        8 signed sum over tokens with a "negated by" rule
  'negated_count', //       9
  'intensified_mass', //   10 signed sum over tokens boosted by a word or prefix
  'dampened_mass', //      11 signed sum over tokens with a "dampened by" rule
  'before_contrast_mass', // 12 signed sum before "men"/"but"
  'after_contrast_mass', // 13 signed sum after "men"/"but"
  'has_contrast', //       14 0/1
  'emoji_mass', //         15 signed sum over emoji and emoticons
  'emoji_count', //        16 emoji and emoticons with a valence
  'caps_words', //         17 all-caps words (not counted when the whole text shouts)
  'exclamations', //       18 "!" count
  'questions', //          19 sentences ending in "?"
  'sarcasm', //            20 0/1: an irony marker or rule fired
  'words', //              21 word count
  'sentiment_ratio', //    22 share of tokens that carry sentiment
  'lang_sv', //            23 one-hot document language
  'lang_en', //            24
  'lang_other', //         25
  'lang_confidence', //    26
  'confidence', //         27 the engine's own confidence
  'double_negation', //    28 count
  'code_switch_mass', //   29 signed sum over tokens scored in the other language
  'hashtag_mass', //       30 signed sum over hashtags
  'elongated_words', //    31
  'phrase_mass', //        32 signed sum over multi-word expressions
  'compound_mass', //      33 signed sum over compounds found by their head
  'sentences', //          34
  'neutral_margin', //     35 |score| (distance from the neutral point)
  'absence_mass', //       36 signed sum over "absence of a negative" ("utan problem", "no issues")
  'missing_mass', //       37 signed sum over missing service ("utan svar", "no reply", "without warning")
  'never_so_mass', //      38 signed sum over "aldrig/never … så/so" intensified words
  'sarcasm_mass', //       39 signed sum over tokens a sarcasm rule flipped
] as const;

export type LexiconFeatureName = (typeof LEXICON_FEATURE_NAMES)[number];
const INDEX = Object.fromEntries(LEXICON_FEATURE_NAMES.map((n, i) => [n, i])) as Record<LexiconFeatureName, number>;

const has = (rules: readonly string[], prefix: string): boolean => {
  for (const r of rules) if (r.startsWith(prefix)) return true;
  return false;
};

/** Computes the features of one analysis. Pure; allocation is one Float32Array. */
export function lexiconFeatures(a: Analysis): Float32Array {
  const f = new Float32Array(LEXICON_FEATURE_NAMES.length);
  const add = (name: LexiconFeatureName, v: number): void => {
    f[INDEX[name]] = f[INDEX[name]]! + v;
  };
  let bearing = 0;
  let sarcasm = a.stats.sarcasmMarker;
  for (const t of a.tokens) {
    const c = t.contribution;
    if (c === 0) continue;
    bearing++;
    if (c > 0) {
      add('pos_mass', c);
      add('pos_count', 1);
      f[INDEX.max_pos] = Math.max(f[INDEX.max_pos]!, c);
    } else {
      add('neg_mass', -c);
      add('neg_count', 1);
      f[INDEX.max_neg] = Math.max(f[INDEX.max_neg]!, -c);
    }
    const r = t.rules;
    if (has(r, 'negated by')) {
      add('negated_mass', c);
      add('negated_count', 1);
    }
    if (has(r, 'boosted by') || has(r, 'intensifier-with-negative-word')) add('intensified_mass', c);
    if (has(r, 'dampened by')) add('dampened_mass', c);
    if (has(r, 'before contrast')) {
      add('before_contrast_mass', c);
      f[INDEX.has_contrast] = 1;
    }
    if (has(r, 'contrast after')) {
      add('after_contrast_mass', c);
      f[INDEX.has_contrast] = 1;
    }
    if (has(r, 'emoji') || has(r, 'emoticon')) {
      add('emoji_mass', c);
      add('emoji_count', 1);
    }
    if (has(r, 'sarcasm')) sarcasm = true;
    if (has(r, 'double negation')) add('double_negation', 1);
    if (has(r, 'code-switch')) add('code_switch_mass', c);
    if (has(r, 'hashtag')) add('hashtag_mass', c);
    if (has(r, 'phrase')) add('phrase_mass', c);
    if (has(r, 'compound head')) add('compound_mass', c);
    if (has(r, 'absence of a negative')) add('absence_mass', c);
    if (has(r, 'missing "')) add('missing_mass', c);
    if (r.some((x) => x.endsWith('intensifies (not a negation)'))) add('never_so_mass', c);
    if (has(r, 'sarcasm')) add('sarcasm_mass', c);
  }
  f[INDEX.raw] = a.raw;
  f[INDEX.score] = a.score;
  f[INDEX.caps_words] = a.stats.capsWords;
  f[INDEX.exclamations] = a.stats.exclamations;
  f[INDEX.questions] = a.stats.questions;
  f[INDEX.sarcasm] = sarcasm ? 1 : 0;
  f[INDEX.words] = a.stats.words;
  f[INDEX.sentiment_ratio] = a.tokens.length === 0 ? 0 : bearing / a.tokens.length;
  f[INDEX[`lang_${a.lang}`]] = 1;
  f[INDEX.lang_confidence] = a.stats.langConfidence;
  f[INDEX.confidence] = a.confidence;
  f[INDEX.elongated_words] = a.stats.elongatedWords;
  f[INDEX.sentences] = a.stats.sentences;
  f[INDEX.neutral_margin] = Math.abs(a.score);
  for (let i = 0; i < f.length; i++) if (!Number.isFinite(f[i]!)) f[i] = 0;
  return f;
}
