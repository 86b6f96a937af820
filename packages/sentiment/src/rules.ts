import { Role, type Sentence, type Work } from './prepare.js';
import { applyMissingService, applyRepair } from './rules-expectation.js';
import { applyConcession, applyContrast, concessionIn } from './rules-contrast.js';
import { applyInformationalFrame } from './rules-notice.js';
import { applySarcasm } from './rules-sarcasm.js';
import { applyServiceRules } from './rules-service.js';
import {
  degreeAfterNever,
  HEDGED_NEGATION,
  intensifyModalComparative,
  modalNegation,
  negatorForAtAll,
  NOT_A_NEGATION,
} from './rules-negation.js';
import { bearsSentiment, endsScope, isWord, LOOKBACK } from './rules-scope.js';

/**
 * The rules that turn lexicon valences into contributions. Each rule multiplies a token's scalar and names
 * itself in the token's `rules`, so the explanation is the computation. Weights follow VADER where VADER has one
 * (negation ×-0.74, "but" ×0.5 before / ×1.5 after, caps and "!" emphasis) and were checked on the train splits.
 */
const NEGATION = -0.74;
/** "not bad", "inte otrevligt": negating a negative word gives a weaker positive (litotes). */
const NEGATED_NEGATIVE = -0.6;
/** "utan problem", "without problems": the absence of a problem is the point, so the flip is nearly full. */
const ABSENCE = -0.9;
/** "inte helt fel", "not entirely wrong": a negated intensifier on a negative word means "fairly right". */
const NEGATED_INTENSIFIED_NEGATIVE = -0.7;
/**
 * The least a stated absence of a problem is worth ("utan problem", "no issues", "inte dåligt alls"): as much as the
 * phrase "inga problem"/"no problem", whatever the problem word's own strength ("issues" -0.6, "confusing" -0.9).
 */
const ABSENCE_FLOOR = 1.4;
/** Likewise a plain litotes ("inte illa", "not bad"): at least a mild positive. Both checked on the train splits. */
const LITOTES_FLOOR = 1.3;
/** Only clearly negative words get the litotes floor: "don't leave" (-0.2) is no praise; "no issues" (-0.6) is. */
const FLOOR_FROM = -0.9;
/** "not very good", "inte så bra": a negated intensifier leaves a mild negative. */
const NEGATED_INTENSIFIER = -0.5;
const CAPS = 1.3;
const ELONGATION = 1.2;
const EXCLAMATION_STEP = 0.12;
const QUESTION_POSITIVE = 0.5;
const QUESTION_NEGATIVE = 0.85;
/** "aldrig varit så nöjd", "never been so disappointed": "never" with a degree word intensifies, it does not negate. */
const NEVER_SO = NOT_A_NEGATION;
/** The least negative a negated positive word ends up ("inte okej", "not ok"): a mild complaint. */
const NEGATED_POSITIVE_FLOOR = -1.2;

/** Applies modifiers, negation, emphasis, contrast and irony; fills `scalar` and `rules` of every token. */
export function applyRules(ws: Work[], sentences: Sentence[]): void {
  // Most posts have no negator, contrast word, modifier or emoji pair: one scan decides which passes can matter.
  let negators = false;
  let contrast = false;
  let modifiers = false;
  let emoji = 0;
  let cues = 0;
  for (const w of ws) {
    const r = w.role;
    cues |= w.cue;
    if (r === Role.Negator) negators = true;
    else if (r === Role.Contrast || r === Role.ContrastAdverb) contrast = true;
    if (r === Role.Booster || r === Role.Dampener || w.modifier > 0) modifiers = true;
    if (w.kind === 'emoji') emoji++;
  }
  if (modifiers) markModifiersUsed(ws);
  const negatorHasTarget = negators ? forwardNegationTargets(ws) : NONE;
  if (cues !== 0) applyServiceRules(ws, cues, negatorHasTarget);
  if (negators) applyMissingService(ws, negatorHasTarget, sentences);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!bearsSentiment(w)) continue;
    if (isWord(w) && !w.settled) applyLookback(ws, i, negatorHasTarget, sentences[w.sentence]!.question);
    if (w.caps) {
      w.scalar *= CAPS;
      w.rules.push('all-caps');
    }
    if (w.elongated) {
      w.scalar *= ELONGATION;
      w.rules.push('elongation');
    }
    const s = sentences[w.sentence]!;
    if (s.exclamations > 0) {
      w.scalar *= 1 + EXCLAMATION_STEP * Math.min(3, s.exclamations);
      w.rules.push('exclamation');
    }
    if (s.question && (w.kind === 'word' || w.kind === 'hashtag')) {
      const asked = w.base * w.scalar < 0 ? askedAbout(ws, i) : undefined;
      w.scalar *= asked ? 0 : w.base * w.scalar > 0 ? QUESTION_POSITIVE : QUESTION_NEGATIVE;
      w.rules.push(asked ? `question: asked about, not stated ("${asked.text}")` : 'question');
    }
    if (!s.pack && isWord(w)) {
      w.scalar *= 0.5;
      w.rules.push('other language (dampened)');
    }
  }
  if (negators) {
    markBareNegation(ws, negatorHasTarget);
    markNotOnly(ws);
  }
  if (emoji > 1) applyRepeatedEmoji(ws);
  const concession = concessionIn(ws, sentences);
  if (concession) applyConcession(ws, concession);
  else if (contrast) applyContrast(ws);
  applyRepair(ws);
  applySarcasm(ws, sentences, emoji > 0);
  applyInformationalFrame(ws, sentences);
}

/**
 * "fruktansvärt trevligt": a modifier word directly before another sentiment word intensifies it instead of
 * counting on its own. Also turns off the own valence of boosters ("super bra") in that position.
 */
function markModifiersUsed(ws: Work[]): void {
  for (let i = 0; i < ws.length - 1; i++) {
    const w = ws[i]!;
    if (w.kind !== 'word' || w.consumed) continue;
    const acts = w.modifier > 0 || w.role === Role.Booster || w.role === Role.Dampener;
    if (!acts || w.base === 0) continue;
    const target = nextSentimentWord(ws, i, 2);
    if (target < 0) continue;
    w.rules.push('used as intensifier');
    w.base = 0;
    if (w.role === Role.None) {
      w.role = Role.Booster;
      w.roleValue = w.modifier;
    }
  }
}

function nextSentimentWord(ws: Work[], i: number, max: number): number {
  const sentence = ws[i]!.sentence;
  for (let k = i + 1, seen = 0; k < ws.length && seen < max; k++) {
    const t = ws[k]!;
    if (t.sentence !== sentence || endsScope(t)) return -1;
    if (!isWord(t)) return -1;
    seen++;
    if (t.base !== 0 && !t.consumed && t.role !== Role.Negator) return k;
    if (t.role !== Role.Booster && t.role !== Role.Dampener && t.modifier === 0) return -1;
  }
  return -1;
}

const NONE = new Uint8Array(0);

/** For each negator, whether a sentiment word follows it within its scope. Swedish "gillar inte" needs the no's. */
function forwardNegationTargets(ws: Work[]): Uint8Array {
  // Most posts have no negator: then nothing is allocated (reads past the end of NONE are undefined, i.e. false).
  let out = NONE;
  for (let j = 0; j < ws.length; j++) {
    if (ws[j]!.role !== Role.Negator) continue;
    if (out === NONE) out = new Uint8Array(ws.length);
    for (let k = j + 1, seen = 0; k < ws.length && seen < LOOKBACK + 1; k++) {
      const t = ws[k]!;
      if (endsScope(t) || t.sentence !== ws[j]!.sentence) break;
      if (!isWord(t) && t.kind !== 'emoji') continue;
      seen++;
      if (bearsSentiment(t) && isWord(t)) {
        out[j] = 1;
        break;
      }
    }
  }
  return out;
}

/** `question`: the word's sentence asks ("Couldn't it be better?" proposes, it does not praise). */
function applyLookback(ws: Work[], i: number, negatorHasTarget: Uint8Array, question: boolean): void {
  const w = ws[i]!;
  let negator: Work | undefined;
  let boosterBetween: Work | undefined;
  let boosterScalar = 1;
  // "inte alls", "not a single", "inte något": the negation is total. "så", "so", "such" between: see NEVER_SO.
  let total = false;
  let negatorAt = -1;
  // A modifier reaches only the nearest sentiment word after it ("fruktansvärt trevligt på kontoret" boosts
  // "trevligt", not "kontoret"); a negator reaches past one, as in VADER.
  let blocked = false;
  for (let k = i - 1, seen = 0; k >= 0 && seen < LOOKBACK; k--) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || endsScope(t)) break;
    // A phrase counts as one word: its head, not the words it swallowed ("utan några som helst problem").
    if (!isWord(t) || t.consumed) continue;
    seen++;
    if (blocked && t.role !== Role.Negator) continue;
    if (bearsSentiment(t) && t.role !== Role.Negator) {
      blocked = true;
      continue;
    }
    if (t.role === Role.Negator) {
      const after = ws[k + 1];
      const pack = t.pack;
      if (after && pack?.notOnly.has(after.norm)) {
        w.rules.push(`not only … but ("${t.text} ${after.text}")`);
        break;
      }
      if (after && pack?.negationStrengtheners.has(after.norm)) total = true;
      negator = t;
      negatorAt = k;
      break;
    }
    if (t.role === Role.Booster && t.base === 0) {
      const extra = t.roleValue * (t.elongated ? 1.5 : 1) * (t.caps ? 1.3 : 1);
      const kind =
        t.modifier > 0 && (t.pack?.lookup(t.norm)?.valence ?? 0) < 0 ? 'intensifier-with-negative-word' : 'boosted by';
      w.scalar *= 1 + extra;
      boosterScalar *= 1 + extra;
      boosterBetween ??= t;
      w.rules.push(`${kind} "${t.text}"`);
    } else if (t.role === Role.Dampener && t.base === 0) {
      // "knappast något problem", "inte något fel": after a negator "något" is "any", not "somewhat".
      if (ws[k - 1]?.role === Role.Negator) {
        total = true;
        continue;
      }
      w.scalar *= t.roleValue;
      w.rules.push(`dampened by "${t.text}"`);
    }
  }
  if (!negator && w.pack?.postVerbNegation) negator = postVerbNegator(ws, i, negatorHasTarget);
  // Only a post with a negator can have one further back (most posts have none: skip the lookups).
  if (!negator && negatorHasTarget.length > 0 && totalAfter(ws, i)) {
    negatorAt = negatorForAtAll(ws, i);
    negator = ws[negatorAt];
    if (negator) {
      negatorHasTarget[negatorAt] = 1;
      const npi = w.pack!.cues.totalisersAfter.has(ws[i + 1]!.norm)
        ? ws[i + 1]!.text
        : `${ws[i + 1]!.text} ${ws[i + 2]!.text}`;
      w.rules.push(`"${npi}" reaches back to "${negator.text}"`);
    }
  }
  if (!negator) return;
  const cues = negator.pack?.cues;
  // The words between negator and target are read only now: most sentiment words have no negator.
  let degree: Work | undefined;
  for (let k = negatorAt + 1; negatorAt >= 0 && k < i; k++) {
    const t = ws[k]!;
    if (cues?.totalisers.has(t.norm)) total = true;
    if (cues?.degree.has(t.norm)) degree ??= t;
  }
  if (cues?.neverNegators.has(negator.norm)) {
    const after = ws[i + 1];
    degree ??= after && cues.degree.has(after.norm) ? after : undefined;
    if (degree || cues.isComparative(w.norm)) {
      w.scalar *= NEVER_SO;
      w.rules.push(`"${negator.text} … ${degree?.text ?? w.text}" intensifies (not a negation)`);
      return;
    }
  }
  if (!question && negatorAt >= 0 && cues?.isComparative(w.norm) && modalNegation(ws, negatorAt)) {
    intensifyModalComparative(w, negator);
    return;
  }
  const emphatic = cues?.emphaticNegators.has(negator.norm) ?? false;
  negate(w, negator, boosterBetween, boosterScalar, emphatic || total || totalAfter(ws, i));
  if (emphatic) w.rules.push(`emphatic negation "${negator.text}"`);
}

/** "inte dåligt alls", "not difficult at all": a totaliser right after the negated word. */
function totalAfter(ws: Work[], i: number): boolean {
  const cues = ws[i]!.pack?.cues;
  const a = ws[i + 1];
  if (!cues || !a || a.kind !== 'word') return false;
  if (cues.totalisersAfter.has(a.norm)) return true;
  const b = ws[i + 2];
  return cues.totalisers.has(a.norm) && b !== undefined && cues.totalisersAfter.has(b.norm);
}

/**
 * Swedish puts "inte" after the finite verb: "jag gillar inte", "gillar du inte". Only directly after the word or
 * after one pronoun: "väntetiden är inte OK" must not negate "väntetiden".
 */
function postVerbNegator(ws: Work[], i: number, negatorHasTarget: Uint8Array): Work | undefined {
  const w = ws[i]!;
  const pronouns = w.pack!.pronouns;
  for (let k = i + 1, seen = 0; k < ws.length && seen < 2; k++) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || endsScope(t) || !isWord(t)) return undefined;
    seen++;
    if (t.role !== Role.Negator && !pronouns.has(t.norm)) return undefined;
    if (t.role === Role.Negator) {
      const after = ws[k + 1];
      if (after && t.pack?.notOnly.has(after.norm)) return undefined;
      return negatorHasTarget[k] ? undefined : t;
    }
  }
  return undefined;
}

function negate(w: Work, negator: Work, booster: Work | undefined, boosterScalar: number, total: boolean): void {
  const by = `negated by "${negator.text}"`;
  if (booster && w.base > 0 && !total) {
    // "not very good" is mildly negative, not strongly: the intensifier is undone and the negation weakened.
    w.scalar /= boosterScalar;
    w.scalar *= NEGATED_INTENSIFIER;
    w.rules.push(by, `negated intensifier "${booster.text}"`);
  } else if (w.base < 0) {
    // "utan problem", "inte dåligt alls", "no issues": the absence of a problem is the point, so the flip is
    // nearly full; a plain "inte dåligt", "not bad" is a weaker positive (litotes).
    const absence = total || (negator.pack?.cues.absence.has(negator.norm) ?? false);
    w.scalar *= booster && !total ? NEGATED_INTENSIFIED_NEGATIVE / boosterScalar : absence ? ABSENCE : NEGATED_NEGATIVE;
    const floor = absence ? ABSENCE_FLOOR : LITOTES_FLOOR;
    if ((absence || w.base <= FLOOR_FROM) && w.base * w.scalar < floor) w.scalar = floor / w.base;
    w.rules.push(by, absence ? 'absence of a negative' : 'negated negative');
    if (w.morphNegative || startsWithNegPrefix(w)) w.rules.push('double negation');
  } else {
    w.scalar *= total ? -1 : NEGATION;
    // "inte okej", "not ok": a negated mild positive is still a complaint, not a shrug.
    if (w.base * w.scalar > NEGATED_POSITIVE_FLOOR) w.scalar = NEGATED_POSITIVE_FLOOR / w.base;
    w.rules.push(by, 'negated positive');
  }
}

function startsWithNegPrefix(w: Work): boolean {
  const pack = w.pack;
  if (!pack) return false;
  const prefix = pack.negativePrefix;
  if (!w.norm.startsWith(prefix) || w.norm.length < prefix.length + 4) return false;
  const rest = pack.lookup(w.norm.slice(prefix.length));
  return rest !== undefined && rest.valence > 0;
}

function applyRepeatedEmoji(ws: Work[]): void {
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i]!;
    const prev = ws[i - 1]!;
    if (w.kind === 'emoji' && prev.kind === 'emoji' && w.base !== 0 && w.text === prev.text) {
      w.scalar *= 0.5;
      w.rules.push('repeated emoji');
    }
  }
}

/**
 * "Were there any problems with the update?", "Har ni några problem med appen?": in a question, a problem word right
 * after "any" (one word may stand between: "any other issues") is asked about, not stated, so it counts nothing.
 */
function askedAbout(ws: Work[], i: number): Work | undefined {
  const cues = ws[i]!.pack?.cues;
  // "Finns det något värre än …?" is a complaint: a comparative asks nothing.
  if (!cues || cues.isComparative(ws[i]!.norm)) return undefined;
  const any = cues.askedAbout;
  for (let k = i - 1; k >= 0 && k >= i - 2 && isWord(ws[k]!); k--) if (any.has(ws[k]!.norm)) return ws[k];
  return undefined;
}

/**
 * A negator that negates nothing we can score ("det funkar inte", "no reply yet") still leans negative: negation
 * is far more frequent in negative posts (Potts 2010, "On the negativity of negation"). It gets a small valence of
 * its own, named so the dashboard shows it.
 */
export const BARE_NEGATION = -0.5;
function markBareNegation(ws: Work[], negatorHasTarget: Uint8Array): void {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.role !== Role.Negator || negatorHasTarget[i] || w.consumed || w.base !== 0) continue;
    const next = ws[i + 1];
    if (next && w.pack?.notOnly.has(next.norm)) continue;
    if (negatedSomethingBefore(ws, i) || degreeAfterNever(ws, i)) continue;
    const hedge = w.pack?.cues.hedges.has(w.norm) ?? false;
    w.base = hedge ? HEDGED_NEGATION : BARE_NEGATION;
    w.rules.push(hedge ? 'hedged negation without target' : 'negation without target');
  }
}

/** Whether a Swedish post-verb negator already negated the sentiment word just before it. */
function negatedSomethingBefore(ws: Work[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 2; k--) {
    const t = ws[k]!;
    if (t.rules.some((r) => r.startsWith('negated by') && r.includes(`"${ws[i]!.text}"`))) return true;
  }
  return false;
}

/** Names "not only … but" on every sentiment word after "inte bara"/"not only" in its sentence: nothing is negated. */
function markNotOnly(ws: Work[]): void {
  for (let i = 0; i + 1 < ws.length; i++) {
    const n = ws[i]!;
    if (n.role !== Role.Negator || !n.pack?.notOnly.has(ws[i + 1]!.norm)) continue;
    const rule = `not only … but ("${n.text} ${ws[i + 1]!.text}")`;
    for (let k = i + 2; k < ws.length && ws[k]!.sentence === n.sentence; k++) {
      const t = ws[k]!;
      if (bearsSentiment(t) && !t.rules.includes(rule)) t.rules.push(rule);
    }
  }
}
