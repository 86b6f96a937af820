import type { Sentence, Work } from './prepare.js';
import { Role } from './word-info.js';

const PHRASE_LENGTHS = [3, 2] as const;

/** The word at `i` is the first word of its sentence (no lead words allowed, unlike the sarcasm rules' test). */
function isFirstWord(ws: readonly Work[], i: number): boolean {
  for (let k = i - 1; k >= 0 && ws[k]!.sentence === ws[i]!.sentence; k--) if (ws[k]!.kind === 'word') return false;
  return true;
}

/** Multi-word expressions: "ingen fara", "tycker om", "no problem". The first token carries the phrase's valence. */
export function matchPhrases(ws: Work[], sentences: Sentence[]): void {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const pack = w.pack;
    if (!pack || w.phraseNext === undefined || w.consumed) continue;
    // Every phrase has a second word: check it before building keys.
    if (i + 1 >= ws.length || !w.phraseNext.has(ws[i + 1]!.norm)) continue;
    for (const n of PHRASE_LENGTHS) {
      if (i + n > ws.length) continue;
      let key = w.norm;
      let ok = true;
      for (let k = 1; k < n; k++) {
        const next = ws[i + k]!;
        if (next.kind !== 'word' || next.sentence !== w.sentence) {
          ok = false;
          break;
        }
        key += ' ' + next.norm;
      }
      if (!ok) continue;
      const v = pack.phrases.get(key);
      const sarcastic = pack.sarcasmPhrases.has(key) && (!pack.retorts.has(key) || isFirstWord(ws, i));
      if (v === undefined && !sarcastic) continue;
      w.base = v ?? 0;
      w.scalar = 1;
      w.role = Role.None;
      w.modifier = 0;
      w.lemma = key;
      w.rules = v === 0 ? [] : [`phrase "${key}"`];
      const damp = pack.dampeners.get(key);
      if (damp !== undefined) {
        w.role = Role.Dampener;
        w.roleValue = damp;
      }
      if (sarcastic) sentences[w.sentence]!.sarcasm ??= key;
      for (let k = 1; k < n; k++) {
        const next = ws[i + k]!;
        next.consumed = true;
        next.base = 0;
        next.role = Role.None;
        next.modifier = 0;
        next.rules = [`part of phrase "${key}"`];
      }
      break;
    }
  }
}
