import { Role, type Work } from './prepare.js';
import { bearsSentiment, endsScope, isWord } from './rules-scope.js';

/**
 * Negation readings beyond VADER's three-word window, each named in the token's rules:
 * - a modal negation of a comparative intensifies ("couldn't be happier", "could hardly have gone better", "kunde
 *   inte ha gått smidigare", "couldn't be worse"): there is no more of it to have;
 * - "at all"/"alls" needs a negation in its clause, so a sentiment word before it is negated by the clause's negator
 *   even past the window ("didn't find the chat helpful at all");
 * - a hedging negator with nothing to negate ("barely readable", "kan knappast kallas service") judges what it
 *   qualifies, more clearly than a bare "not".
 */

/** "aldrig … så", "couldn't … happier": the intensification factor of both readings. */
export const NOT_A_NEGATION = 1.3;
/** Valence of a hedge without a target; a bare negator gets `BARE_NEGATION` (rules.ts). */
export const HEDGED_NEGATION = -1.2;
/** How far back "at all" looks for its negator (words in the same clause). */
const NPI_REACH = 6;

/**
 * Whether the negator at `n` is modal: a modal negator itself ("couldn't", "can't") or a modal within two words
 * before it ("could not", "could hardly", "kunde inte", "hade knappast").
 */
export function modalNegation(ws: Work[], n: number): boolean {
  const neg = ws[n]!;
  const cues = neg.pack?.cues;
  if (!cues) return false;
  // "no worse than", "ingen bättre": an absence word quantifies a thing, not the verb (hedges do negate the verb).
  if (cues.absence.has(neg.norm) && !cues.hedges.has(neg.norm)) return false;
  const modals = cues.modals;
  if (modals.has(neg.norm)) return true;
  for (let k = n - 1, seen = 0; k >= 0 && seen < 2; k--) {
    const t = ws[k]!;
    if (t.sentence !== neg.sentence || endsScope(t)) return false;
    if (!isWord(t)) continue;
    seen++;
    if (modals.has(t.norm)) return true;
  }
  return false;
}

/** The "couldn't be happier" reading of the word at `i` negated by `negator`: intensified, named like "aldrig … så". */
export function intensifyModalComparative(w: Work, negator: Work): void {
  w.scalar *= NOT_A_NEGATION;
  w.rules.push(`"${negator.text} … ${w.text}" intensifies (not a negation)`);
}

/**
 * The negator of a clause that ends in "at all"/"alls" after the word at `i`, looked for past the usual window
 * (up to `NPI_REACH` words back, stopping at the clause's edge or another sentiment word); -1 when there is none.
 */
export function negatorForAtAll(ws: Work[], i: number): number {
  const w = ws[i]!;
  for (let k = i - 1, seen = 0; k >= 0 && seen < NPI_REACH; k--) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || endsScope(t)) return -1;
    if (!isWord(t)) continue;
    seen++;
    if (t.role === Role.Negator) return t.consumed ? -1 : k;
    if (bearsSentiment(t)) return -1;
  }
  return -1;
}

/** "aldrig har så många", "never had such a": a never-negator with a degree word within three words negates nothing. */
export function degreeAfterNever(ws: Work[], i: number): boolean {
  const w = ws[i]!;
  const cues = w.pack?.cues;
  if (!cues?.neverNegators.has(w.norm)) return false;
  for (let k = i + 1, seen = 0; k < ws.length && seen < 3; k++) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || endsScope(t)) return false;
    if (!isWord(t)) continue;
    seen++;
    if (cues.degree.has(t.norm)) return true;
  }
  return false;
}
