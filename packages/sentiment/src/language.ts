import { tokenize, type RawToken } from './tokenize.js';

/**
 * Language identification for Swedish and English by function words: posts are short, so character n-gram
 * models are unreliable on them, while the 150 commonest words of a language cover about half of any text in it.
 * Letters å/ä/ö add Swedish evidence. Anything with letters but no evidence for either is "other", which the
 * scorer treats conservatively; text without letters (emoji-only) falls back to the caller's default.
 */
export type Lang = 'sv' | 'en' | 'other';

/** Result of `detectLanguage`. `confidence` is 0..1; below ~0.5 callers should trust a configured default more. */
export interface LanguageGuess {
  lang: Lang;
  confidence: number;
}

// Words that are common in one language and rare in the other. Shared spellings ("i", "a", "man", "hand",
// "glad", "full") are left out on purpose.
/** Swedish function words; also kept neutral by the Swedish lexicon (see lang-sv.ts). */
export const SV_FUNCTION_WORDS: ReadonlySet<string> = new Set(('och att det är som på för med har av till den de om så var men vi kan ska sig ett hur när vad nu ' +
  'bara mycket också eller där då från kommer hade blir mig dig jag du han hon inte ingen inget inga sin sina sitt ' +
  'vara varit skulle efter mot vid än utan över under alla allt några någon något mer mest här nej ja tack bra ' +
  'dålig dåligt får fick går gick gör gjorde säger sa sedan redan igen också kanske väl ju nog även vill måste ' +
  'hos eftersom därför ni er era oss våra vår vårt dem deras denna detta dessa samma andra annat sådan bli blev ' +
  'ganska väldigt lite idag imorgon igår tycker tror vet fanns finns hej hejdå också mellan innan genom ' +
  'något aldrig alltid ofta hela stor stora liten små mitt min mina din dina ska skall sverige svenska svensk ' +
  'kunde borde vet tid år dag dagar folk människor lite heller jo nån nåt va typ asså alltså').split(' '));
export const EN_FUNCTION_WORDS: ReadonlySet<string> = new Set(('the and is are was were be been being to of in that it for you with this on have has had not but ' +
  'at my so just they we he she his her their them our your what which who when where why how all would will ' +
  'can could should there here from about out up if or as do does did dont don\'t im i\'m it\'s its than then ' +
  'very really because been get got going know think love like good bad great new one more no yes some any ' +
  'people today tomorrow time day would make made want need see back still only also even much well never ' +
  'always after before into over these those such again other thing things lol thanks thank please every ' +
  'into being by an been doesn\'t didn\'t isn\'t can\'t won\'t wasn\'t u ur im gonna wanna gotta').split(' '));

const LETTER = /\p{L}/u;
const hasLetter = (w: string): boolean => LETTER.test(w);

/** Counts language evidence in word tokens: function words, plus å/ä/ö for Swedish. */
export function languageEvidence(tokens: readonly RawToken[], from = 0, to = tokens.length): { sv: number; en: number; words: number } {
  let sv = 0;
  let en = 0;
  let words = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    const w = t.lower;
    // Digits-only tokens are not words of any language; a token with a case difference surely has letters.
    if (w === t.text && !hasLetter(w)) continue;
    words++;
    if (SV_FUNCTION_WORDS.has(w)) sv++;
    else if (EN_FUNCTION_WORDS.has(w)) en++;
    else if (w.includes('å') || w.includes('ä') || w.includes('ö')) sv += 0.7;
  }
  return { sv, en, words };
}

/** Turns evidence counts into a guess. `fallback` is used when there are no letters at all. */
export function decideLanguage(ev: { sv: number; en: number; words: number }, fallback: Lang = 'other'): LanguageGuess {
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
