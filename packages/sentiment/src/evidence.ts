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
/** The Swedish evidence of a form with å, ä or ö that is no function word. */
const SV_LETTERS = 0.7;

/** The evidence of a lower-cased word or hashtag form (the packs' `functionWords`). */
export function formEvidence(lower: string): FormEvidence {
  let sv = 0;
  let en = 0;
  if (svPack.functionWords.has(lower)) sv = 1;
  else if (enPack.functionWords.has(lower)) en = 1;
  else if (lower.includes('å') || lower.includes('ä') || lower.includes('ö')) sv = SV_LETTERS;
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
  addEvidenceBits(ev, evidenceBits(form), text, lower);
}

/** Bits of `evidenceBits`; bits above them are free for the caller (word-info.ts keeps its own there). */
const EvidenceBit = {
  NoLetter: 1,
  SvFunctionWord: 2,
  SvLetters: 4,
  EnFunctionWord: 8,
} as const;

/**
 * A form's evidence as bits: the word table keeps them in the form's slot, so the sentence pass reads them without
 * loading the form's entry. `addEvidenceBits` decodes them to the same numbers.
 */
export function evidenceBits(form: FormEvidence): number {
  return (
    (form.noLetter ? EvidenceBit.NoLetter : 0) |
    (form.sv === 1 ? EvidenceBit.SvFunctionWord : form.sv > 0 ? EvidenceBit.SvLetters : 0) |
    (form.en === 1 ? EvidenceBit.EnFunctionWord : 0)
  );
}

/** `addEvidence` from the form's `evidenceBits` (other bits in `bits` are ignored). */
export function addEvidenceBits(ev: Evidence, bits: number, text: string, lower: string): void {
  // Digits-only tokens are not words of any language; a token with a case difference surely has letters.
  if ((bits & EvidenceBit.NoLetter) !== 0 && lower === text) return;
  ev.words++;
  ev.sv += (bits & EvidenceBit.SvFunctionWord) !== 0 ? 1 : (bits & EvidenceBit.SvLetters) !== 0 ? SV_LETTERS : 0;
  ev.en += (bits & EvidenceBit.EnFunctionWord) !== 0 ? 1 : 0;
}
