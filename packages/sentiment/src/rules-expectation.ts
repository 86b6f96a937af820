import { Role, type Sentence, type Work } from './prepare.js';
import { bearsSentiment, endsScope, isWord, LOOKBACK } from './rules-scope.js';
import { OUT_OF_REACH } from './rules-service.js';

/**
 * Missing service: "utan svar", "inget besked", "no reply", "without warning", "fungerar dock inte". What a
 * service owes (an answer, a decision, a warning, software that works: `cues.expected`) is named mostly when it
 * did not come, so a negated or absent expected word is a complaint of its own, whatever its lexicon valence
 * ("warning" is negative in VADER, so plain negation would read "without warning" as praise).
 */
export const MISSING = -1.6;

/** Runs before the other rules; marks the negators it used in `negatorHasTarget`, so they get no valence of their own. */
export function applyMissingService(ws: Work[], negatorHasTarget: Uint8Array, sentences: Sentence[]): void {
  for (let j = 0; j < ws.length; j++) {
    const n = ws[j]!;
    if (n.role !== Role.Negator || !n.pack) continue;
    const next = ws[j + 1];
    if (next && n.pack.notOnly.has(next.norm)) continue;
    // "no reply", "utan svar" state the absence; "can't reply till Thursday", "may not announce a decision" do not
    // complain, so a plain "not" counts only after the verb in Swedish ("svarar inte").
    // "fortfarande inte kommit", "still not sorted": a marker before a plain negator makes it state the absence too.
    const absence = n.pack.cues.absence.has(n.norm) || n.pack.cues.missingMarkers.has(ws[j - 1]?.norm ?? '');
    const target =
      (absence ? forwardExpected(ws, j) : undefined) ??
      (n.pack.postVerbNegation && !negatorHasTarget[j] ? verbBefore(ws, j) : undefined);
    if (target === undefined) {
      if (!notReached(ws, j, negatorHasTarget)) notPossibleTo(ws, j, negatorHasTarget, sentences);
      continue;
    }
    const t = ws[target]!;
    t.base = MISSING;
    t.scalar = 1;
    t.settled = true;
    t.rules.push(`missing "${t.text}" (negated by "${n.text}")`);
    negatorHasTarget[j] = 1;
  }
}

/**
 * "Det går inte att logga in", "gick ej att nå dem": a verb of possibility ("går"), its negator and an infinitive
 * say the service could not be used. The verb after "att" gets the out-of-reach valence, unless it carries sentiment
 * of its own ("det går inte att klaga" is content, read by the negation rules).
 */
function notPossibleTo(ws: Work[], j: number, negatorHasTarget: Uint8Array, sentences: Sentence[]): void {
  const n = ws[j]!;
  const cues = n.pack!.cues;
  // "går inte", or "går det inte" with the subject after the verb.
  const at = cues.possible.has(ws[j - 1]?.norm ?? '')
    ? j - 1
    : n.pack!.pronouns.has(ws[j - 1]?.norm ?? '')
      ? j - 2
      : -1;
  const frame = ws[at];
  const marker = ws[j + 1];
  const verb = ws[j + 2];
  if (!frame || !cues.possible.has(frame.norm) || !marker || !verb || !cues.infinitiveMarkers.has(marker.norm)) return;
  // "Går det inte att boka på nätet?" asks; "det går inte att säga att …" is no service.
  if (sentences[n.sentence]!.question || !cues.serviceVerbs.has(verb.norm)) return;
  if (verb.sentence !== n.sentence || verb.base !== 0 || verb.consumed) return;
  verb.base = OUT_OF_REACH;
  verb.scalar = 1;
  verb.settled = true;
  const subject = at === j - 2 ? ` ${ws[j - 1]!.text}` : '';
  verb.rules.push(`out of reach ("${frame.text}${subject} ${n.text} ${marker.text} ${verb.text}")`);
  negatorHasTarget[j] = 1;
}

/**
 * Swedish "kommer inte in", "kom aldrig fram", "utan att komma fram": a reach verb (`cues.reachVerbs`) with its
 * negator after it (Swedish word order) or after an absence word and "att", then its particle. The verb gets the
 * out-of-reach valence. Returns whether it applied.
 */
function notReached(ws: Work[], j: number, negatorHasTarget: Uint8Array): boolean {
  const n = ws[j]!;
  const cues = n.pack!.cues;
  const infinitive = cues.absence.has(n.norm) && cues.infinitiveMarkers.has(ws[j + 1]?.norm ?? '');
  const at = infinitive ? j + 2 : n.pack!.postVerbNegation ? j - 1 : -1;
  const verb = ws[at];
  const particle = ws[infinitive ? j + 3 : j + 1];
  if (!verb || !particle || verb.sentence !== n.sentence || particle.sentence !== n.sentence) return false;
  if (verb.base !== 0 || verb.consumed || !cues.reachVerbs.get(verb.norm)?.has(particle.norm)) return false;
  verb.base = OUT_OF_REACH;
  verb.scalar = 1;
  verb.settled = true;
  const words = infinitive ? [n, ws[j + 1]!, verb, particle] : [verb, n, particle];
  verb.rules.push(`out of reach ("${words.map((w) => w.text).join(' ')}")`);
  negatorHasTarget[j] = 1;
  return true;
}

/** The expected word the negator at `j` negates, if any: within its scope and before any other sentiment word. */
function forwardExpected(ws: Work[], j: number): number | undefined {
  const n = ws[j]!;
  const cues = n.pack!.cues;
  for (let k = j + 1, seen = 0; k < ws.length && seen < LOOKBACK + 1; k++) {
    const t = ws[k]!;
    if (t.sentence !== n.sentence) return undefined;
    // "utan att få svar", "without getting an answer": the infinitive after an absence word is in its scope.
    const infinitive = k === j + 1 && t.role === Role.ClauseBreak && cues.infinitiveMarkers.has(t.norm);
    if (endsScope(t) && !infinitive) return undefined;
    if (!isWord(t)) continue;
    seen++;
    if (t.consumed) continue;
    if (cues.expected.has(t.norm)) return k;
    if (bearsSentiment(t) && t.role === Role.None) return undefined;
  }
  return undefined;
}

/** Swedish "svarar inte", "fungerar dock inte": the expected verb just before its negator (past a pronoun or "dock"). */
function verbBefore(ws: Work[], j: number): number | undefined {
  const n = ws[j]!;
  const cues = n.pack!.cues;
  for (let k = j - 1, seen = 0; k >= 0 && seen < 3; k--) {
    const t = ws[k]!;
    if (t.sentence !== n.sentence || !isWord(t)) return undefined;
    seen++;
    if (cues.expected.has(t.norm) && !t.consumed) return k;
    if (!cues.verbNegatorGap.has(t.norm) && t.role !== Role.ContrastAdverb) return undefined;
  }
  return undefined;
}

/**
 * A problem someone repaired is no complaint: "löste problemet", "fixed the login issue", "hjälp med strulet". A
 * negative word whose nearest sentiment-free words before it (up to three, same clause) include a repair word gets ×0
 * and the rule `repaired by "…"`. Read backwards from the negative words, which are few.
 */
export function applyRepair(ws: Work[]): void {
  for (let i = 0; i < ws.length; i++) {
    const t = ws[i]!;
    if (!bearsSentiment(t) || t.base * t.scalar >= 0 || !isWord(t)) continue;
    for (let k = i - 1, seen = 0; k >= 0 && seen < LOOKBACK; k--) {
      const w = ws[k]!;
      if (w.sentence !== t.sentence || endsScope(w)) break;
      if (!isWord(w)) continue;
      seen++;
      if (w.pack?.cues.repair.has(w.norm)) {
        t.scalar = 0;
        t.rules.push(`repaired by "${w.text}"`);
        break;
      }
      if (bearsSentiment(w)) break;
    }
    if (t.scalar !== 0) repairedAfter(ws, i);
  }
}

/**
 * The passive: "problemet är åtgärdat", "the issue was solved", "felet har fixats": a repair participle within three
 * words after the problem word, in its clause, with no negator between ("the issue was not solved" stays a complaint).
 */
function repairedAfter(ws: Work[], i: number): void {
  const t = ws[i]!;
  // A bare negator is no problem word: "är inte åtgärdat" is the complaint itself.
  if (t.role === Role.Negator) return;
  for (let k = i + 1, seen = 0; k < ws.length && seen < LOOKBACK; k++) {
    const w = ws[k]!;
    if (w.sentence !== t.sentence || endsScope(w)) return;
    if (!isWord(w)) continue;
    seen++;
    if (w.role === Role.Negator) return;
    if (w.pack?.cues.repairedAfter.has(w.norm)) {
      t.scalar = 0;
      t.rules.push(`repaired by "${w.text}"`);
      return;
    }
    if (bearsSentiment(w)) return;
  }
}
