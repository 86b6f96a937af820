import type { PhenomenonCues } from './lang-pack.js';
import { Role, type Work } from './prepare.js';
import { bearsSentiment, endsScope, isWord } from './rules-scope.js';
import { Cue } from './word-info.js';

/**
 * Two complaints about a service that carry no sentiment word: it could not be reached ("impossible to reach
 * anyone", "can't get through", "unable to log in") and the wait was long ("on hold for 45 minutes", "waited six
 * weeks"). Each gives one word of the pattern a valence of its own and names the rule, as the missing-service rule
 * does (rules-expectation.ts), so the dashboard highlights it and the combination knows its family.
 */
export const OUT_OF_REACH = -1.6;
/** A long wait is a milder complaint than a missing answer: the answer may still come. */
export const LONG_WAIT = -1.4;
/** Words between an inability word and its verb ("impossible to actually reach", "can't even get through"). */
const REACH_GAP = 3;
/** How far a waiting word may stand before ("waited nearly six weeks") or after ("two hours in the queue") its duration. */
const WAIT_BEFORE = 6;
const WAIT_AFTER = 4;

/** `cues`: the `Cue` bits seen in the post. Runs before negation, so a negator it uses gets no valence of its own. */
export function applyServiceRules(ws: Work[], cues: number, negatorHasTarget: Uint8Array): void {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.cue === 0 || !w.pack) continue;
    if ((cues & Cue.Inability) !== 0 && (w.cue & Cue.Inability) !== 0) outOfReach(ws, i, negatorHasTarget);
    if ((cues & Cue.Duration) !== 0 && (w.cue & Cue.Duration) !== 0) longWait(ws, i, negatorHasTarget);
  }
}

/**
 * "impossible to reach", "unable to log in": an inability word, then a service verb within its clause, before any
 * sentiment word or negator ("impossible not to love", "impossible to find a better service" are praise). Or a
 * reach negator before a reach verb with its particle ("can't get through", "couldn't reach anyone").
 */
function outOfReach(ws: Work[], i: number, negatorHasTarget: Uint8Array): void {
  const w = ws[i]!;
  const cues = w.pack!.cues;
  const negator = cues.reachNegators.has(w.norm);
  // A phrase took the word ("can't wait", "never mind"): it is not negating here.
  if (w.consumed || (negator && w.role !== Role.Negator) || (!negator && w.lemma !== undefined)) return;
  for (let k = i + 1, seen = 0; k < ws.length && seen < REACH_GAP; k++) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || endsScope(t)) return;
    if (!isWord(t)) continue;
    seen++;
    if (t.role === Role.Negator || t.settled || t.consumed) return;
    // A service verb may carry a faint valence of its own ("reach" +0.1 in VADER); the pattern decides.
    const verb = negator ? reaches(ws, k) : cues.serviceVerbs.has(t.norm) && !betterAfter(ws, k);
    if (!verb && bearsSentiment(t)) return;
    if (!verb) continue;
    t.base = OUT_OF_REACH;
    t.scalar = 1;
    t.settled = true;
    t.rules.push(`out of reach ("${w.text} … ${t.text}")`);
    if (negator) negatorHasTarget[i] = 1;
    return;
  }
}

/** A reach verb at `k` with the particle it needs right after it ("get through", "log in"; "reach" needs none). */
function reaches(ws: Work[], k: number): boolean {
  const particles = ws[k]!.pack!.cues.reachVerbs.get(ws[k]!.norm);
  return particles !== undefined && (particles.size === 0 || particles.has(ws[k + 1]?.norm ?? ''));
}

/** "impossible to find a better one", "unable to get enough": a positive or comparative word right after the verb. */
function betterAfter(ws: Work[], k: number): boolean {
  const cues = ws[k]!.pack!.cues;
  for (let m = k + 1; m < ws.length && m <= k + 3 && ws[m]!.sentence === ws[k]!.sentence; m++) {
    const t = ws[m]!;
    if (endsScope(t)) return false;
    if ((bearsSentiment(t) && t.base > 0) || cues.isComparative(t.norm)) return true;
  }
  return false;
}

/**
 * "waited six weeks", "on hold for over an hour", "45 minutes in the queue", "waiting for ages": a waiting word
 * within a few words of a long duration, in one clause. Not when the duration is short ("only five minutes",
 * "replied within a day") or the waiting is negated ("didn't have to wait more than an hour").
 */
function longWait(ws: Work[], u: number, negatorHasTarget: Uint8Array): void {
  const unit = ws[u]!;
  const cues = unit.pack!.cues;
  if (unit.settled || bearsSentiment(unit) || !isDuration(ws, u)) return;
  const at = waitingNear(ws, u);
  if (at < 0) return;
  // "didn't have to wait", "you don't even have to wait ten minutes": a negator up to four words before.
  for (let k = at - 1, seen = 0; k >= 0 && seen < 4 && ws[k]!.sentence === unit.sentence && !endsScope(ws[k]!); k--) {
    const t = ws[k]!;
    if (!isWord(t)) continue;
    seen++;
    if (t.role !== Role.Negator) continue;
    // "never waited this long" says the wait was longer than ever ("aldrig varit så …"), not that there was none.
    if (!cues.neverNegators.has(t.norm) || !cues.degreeDurations.has(unit.norm)) return;
    negatorHasTarget[k] = 1;
  }
  unit.base = LONG_WAIT;
  unit.scalar = 1;
  unit.settled = true;
  unit.rules.push(`long wait ("${ws[at]!.lemma ?? ws[at]!.text} … ${unit.text}")`);
}

/**
 * A number or quantity word within two words before the unit, and no short-duration word before that ("only two
 * hours"); or a unit long on its own ("ages", "for months") with no short-duration word right before it ("within
 * days"); or a degree duration after its degree word ("too long").
 */
function isDuration(ws: Work[], u: number): boolean {
  const unit = ws[u]!;
  const cues = unit.pack!.cues;
  if (cues.ago.has(ws[u + 1]?.norm ?? '')) return false;
  if (isDigit(unit.norm)) return !shortBefore(ws, u);
  if (cues.degreeDurations.has(unit.norm)) {
    const d = ws[u - 1];
    return d !== undefined && d.sentence === unit.sentence && (d.role === Role.Booster || cues.degree.has(d.norm));
  }
  for (let k = u - 1, seen = 0; k >= 0 && seen < 2; k--) {
    const t = ws[k]!;
    if (t.sentence !== unit.sentence || !isWord(t)) break;
    seen++;
    if (isDigit(t.norm) || cues.quantities.has(t.norm)) return !shortBefore(ws, k);
  }
  return cues.longDurations.has(unit.norm) && !shortBefore(ws, u);
}

/** A short-duration word within the two words before `k` ("only", "within", "in"). */
function shortBefore(ws: Work[], k: number): boolean {
  const cues = ws[k]!.pack!.cues;
  for (let m = k - 1, before = 0; m >= 0 && before < 2 && ws[m]!.sentence === ws[k]!.sentence; m--) {
    if (!isWord(ws[m]!)) return false;
    before++;
    if (cues.shortDuration.has(ws[m]!.norm)) return true;
  }
  return false;
}

const isDigit = (s: string): boolean => s.charCodeAt(0) >= 0x30 && s.charCodeAt(0) <= 0x39;

/** The waiting word nearest the unit at `u` in its clause ("on hold" counts as one, by its phrase), or -1. */
function waitingNear(ws: Work[], u: number): number {
  const unit = ws[u]!;
  const cues = unit.pack!.cues;
  const long = cues.longDurations.has(unit.norm);
  for (let k = u - 1, seen = 0; k >= 0 && seen < WAIT_BEFORE; k--) {
    const t = ws[k]!;
    if (t.sentence !== unit.sentence || (endsScope(t) && t.role !== Role.ClauseBreak)) break;
    if (!isWord(t)) continue;
    seen++;
    if (isWaiting(ws, k, cues, long)) return k;
  }
  for (let k = u + 1, seen = 0; k < ws.length && seen < WAIT_AFTER; k++) {
    const t = ws[k]!;
    if (t.sentence !== unit.sentence || (endsScope(t) && t.role !== Role.ClauseBreak)) break;
    if (!isWord(t)) continue;
    seen++;
    if (isWaiting(ws, k, cues, long)) return k;
  }
  return -1;
}

/**
 * A waiting word at `k`, or (after a unit long on its own, `long`) the past of "take"; not inside a positive phrase.
 * A plain function, not a closure per unit: the duration rules run on every post.
 */
function isWaiting(ws: Work[], k: number, cues: PhenomenonCues, long: boolean): boolean {
  const t = ws[k]!;
  return (cues.waiting.has(t.lemma ?? t.norm) || (long && cues.elapsed.has(t.norm))) && !inPositivePhrase(ws, k);
}

/** "can't wait": a waiting word swallowed by a positive phrase is no waiting. */
function inPositivePhrase(ws: Work[], k: number): boolean {
  if (!ws[k]!.consumed) return false;
  let h = k;
  while (h > 0 && ws[h]!.consumed) h--;
  return ws[h]!.base > 0;
}
