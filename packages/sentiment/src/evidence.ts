import { enPack } from './lang-en.js';
import { svPack } from './lang-sv.js';

/**
 * Language evidence, defined once: what one word form says about Swedish and English, and how a token adds it to
 * a count. Posts are short, so character n-gram models are unreliable on them, while the commonest function words
 * of a language cover about half of any text in it; letters å/ä/ö add Swedish evidence. The word table computes
 * `formEvidence` once per form; document and sentence language (prepare.ts, language.ts) sum it with `addEvidence`.
 */
export interface FormEvidence {
  /** 1 for a Swedish function word, 0.7 for a form with å, ä or ö, else 0. */
  readonly sv: number;
  /** 1 for an English function word (that is not also a Swedish one), else 0. */
  readonly en: number;
  /** True when the form has no letter (digits only): such tokens are no language's words. */
  readonly noLetter: boolean;
}

const LETTER = /\p{L}/u;

/** The evidence of a lower-cased word or hashtag form (the packs' `functionWords`). */
export function formEvidence(lower: string): FormEvidence {
  let sv = 0;
  let en = 0;
  if (svPack.functionWords.has(lower)) sv = 1;
  else if (enPack.functionWords.has(lower)) en = 1;
  else if (lower.includes('å') || lower.includes('ä') || lower.includes('ö')) sv = 0.7;
  return { sv, en, noLetter: !LETTER.test(lower) };
}

/** Evidence summed over tokens: `words` counts the tokens with letters. */
export interface Evidence {
  sv: number;
  en: number;
  words: number;
}

/** Adds a word or hashtag token (its text, lower-cased form and their form's evidence) to `ev`. */
export function addEvidence(ev: Evidence, form: FormEvidence, text: string, lower: string): void {
  // Digits-only tokens are not words of any language; a token with a case difference surely has letters.
  if (form.noLetter && lower === text) return;
  ev.words++;
  ev.sv += form.sv;
  ev.en += form.en;
}
