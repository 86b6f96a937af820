import { addEvidence, type Evidence } from './evidence.js';
import { tokenize, type RawToken } from './tokenize.js';
import { WORDS, type WordEntry } from './word-info.js';

/**
 * Language identification for Swedish and English from the evidence of each word (evidence.ts: function words,
 * and å/ä/ö for Swedish). Anything with letters but no evidence for either is "other", which the scorer treats
 * conservatively; text without letters (emoji-only) falls back to the caller's default.
 */
export type Lang = 'sv' | 'en' | 'other';

/** Result of `detectLanguage`. `confidence` is 0..1; below ~0.5 callers should trust a configured default more. */
export interface LanguageGuess {
  lang: Lang;
  confidence: number;
}

/** Sums the language evidence of the word and hashtag tokens `from`..`to` (their entries, looked up if not given). */
export function languageEvidence(
  tokens: readonly (RawToken & { entry?: WordEntry | undefined })[],
  from = 0,
  to = tokens.length,
): Evidence {
  const ev: Evidence = { sv: 0, en: 0, words: 0 };
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' || t.kind === 'hashtag') addEvidence(ev, t.entry ?? WORDS.get(t.lower), t.text, t.lower);
  }
  return ev;
}

/** Turns evidence counts into a guess. `fallback` is used when there are no letters at all. */
export function decideLanguage(ev: Evidence, fallback: Lang = 'other'): LanguageGuess {
  const { sv, en, words } = ev;
  if (words === 0) return { lang: fallback, confidence: 0.2 };
  const top = Math.max(sv, en);
  if (top === 0) return { lang: 'other', confidence: Math.min(0.9, 0.3 + 0.1 * words) };
  // Short posts with one known word among many unknown ones are often a third language with a loanword.
  const coverage = (sv + en) / words;
  if (coverage < 0.12 && words >= 5) return { lang: 'other', confidence: 0.4 };
  const lang: Lang = sv >= en ? 'sv' : 'en';
  const margin = Math.abs(sv - en) / (sv + en);
  const confidence = Math.min(0.99, (0.35 + 0.65 * margin) * Math.min(1, 0.4 + 0.2 * top));
  return { lang, confidence: Math.round(confidence * 100) / 100 };
}

/** Identifies Swedish, English or other. Never throws; empty or letter-less text is "other" with low confidence. */
export function detectLanguage(text: string): LanguageGuess {
  return decideLanguage(languageEvidence(tokenize(String(text ?? ''))));
}
