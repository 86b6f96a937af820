import { emojiKey } from './emoji.js';
import type { PhenomenonCues } from './lang-pack.js';
import { Role, type Sentence, type Work } from './prepare.js';
import { bearsSentiment, isWord } from './rules-scope.js';

/**
 * Irony: praise or thanks for something that went wrong. Each pattern flips the praise (×−0.8) and names itself:
 * - `sarcasm: "🙄"` / `sarcasm: "ja visst"`: an irony marker flips the positive words of its post;
 * - `sarcasm: "👏" after a failure`: applause after a complaint ("tappade mina papper igen 👏") is a marker too;
 * - `sarcasm: thanks for a failure`: "Tack för att ni tappade min ansökan", "Thanks for the broken update", "Cheers
 *   for nothing", "Thanks for the wonderful hour on hold"; thanks for help or a repair stay sincere ("tack för
 *   hjälpen med strulet"); praise later in that sentence is part of the irony (`sarcasm: praise after ironic thanks`:
 *   "Thanks for losing my file, really helpful");
 * - `sarcasm: praise before a complaint`: sentence-opening praise ("Toppen,", "Love it when", "Love waiting", "Tack för
 *   det,", "Härligt att") before a failure word or a repetition ("igen", "another") in the same post, unless
 *   "men"/"but" contrasts them; praise between it and the failure joins the irony (`sarcasm: praise within ironic
 *   praise`: "Wow, what amazing service, a 40 minute queue", "Grattis, ni lyckades förlora min ansökan").
 */
export const SARCASM = -0.8;
/**
 * The failure is a word (an event: "tappade", "kraschar"), never an emoji or emoticon, which set a tone. How negative
 * it must end up to count as the failure that makes thanks ironic ("vänta", -0.6, counts); praise
 * and applause need a clearer failure ("kraschade", "lost"), as sincere praise often sits next to a mild complaint.
 */
const FAILURE = -0.5;
const CLEAR_FAILURE = -1.0;
const CLAP = '👏';

/** `emoji`: whether the post has any emoji (the applause pass is skipped otherwise). */
export function applySarcasm(ws: Work[], sentences: Sentence[], emoji: boolean): void {
  if (emoji) markIronicApplause(ws, sentences);
  const anyMarker = sentences.find((s) => s.sarcasm !== undefined)?.sarcasm;
  // After thanks for a clear failure, the praise later in its sentence is part of the irony: from this index on.
  let ironicFrom = -1;
  // After ironic opening praise, the praise between it and its failure is part of the irony ("Wow, what amazing
  // service, a 40 minute queue"; "Grattis, ni lyckades förlora …"): the indices between.
  let praisedFrom = -1;
  let praisedUntil = -1;
  // Allocated on the first ironic praise only: most posts have none.
  let ironicSentences: Set<number> | undefined;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!bearsSentiment(w) || w.kind === 'emoji' || w.base * w.scalar <= 0) continue;
    const marker = sentences[w.sentence]!.sarcasm ?? anyMarker;
    const cues = w.pack?.cues;
    if (marker !== undefined && !w.rules[0]?.startsWith('phrase')) flip(w, `sarcasm: "${marker}"`);
    else if (cues?.thanks.has(w.norm) && thanksFailure(ws, i) <= FAILURE) {
      flip(w, 'sarcasm: thanks for a failure');
      ironicFrom = thanksFailure(ws, i) <= CLEAR_FAILURE ? thanksForAt(ws, i) : -1;
    } else if (ironicFrom >= 0 && i > ironicFrom && w.sentence === ws[ironicFrom]!.sentence)
      flip(w, 'sarcasm: praise after ironic thanks');
    else if (i > praisedFrom && i < praisedUntil) flip(w, 'sarcasm: praise within ironic praise');
    else if (
      cues?.praise.has(w.norm) &&
      (!thanksFor(ws, i) || thanksForPointer(ws, i)) &&
      opensSentence(ws, i) &&
      joinedToWhatFollows(ws, i) &&
      (praisedUntil = failureAfter(ws, i)) >= 0
    ) {
      praisedFrom = i;
      flip(w, 'sarcasm: praise before a complaint');
      if (emoji) (ironicSentences ??= new Set()).add(w.sentence);
    } else if (cues) readReassurance(ws, i, cues);
  }
  if (ironicSentences) markApplauseForIrony(ws, ironicSentences);
}

/**
 * A reassurance ("ingen fara", "no worries", "inget fel", "no delays") read in its context:
 * - granted to others before what they do, it is a complaint about them (`grantedToOthers`; only the absence of a
 *   problem, not other phrases);
 * - said by someone else ("\"There's no issue on our end\" says my provider while my internet drops", "Ingen fara, sa
 *   de, och sedan försvann min ansökan": a reporting verb within two words before it or five after it, as a quote is
 *   followed by its speaker), it is sarcasm when a failure follows and otherwise the speaker's claim, not the writer's
 *   view ("Skatteverket says no delays are expected" counts nothing).
 * Single positive words are left alone: news reports what someone "says" about anything ("X says growth is strong").
 */
function readReassurance(ws: Work[], i: number, cues: PhenomenonCues): void {
  const w = ws[i]!;
  const kind = reassurance(w);
  if (kind === undefined) return;
  if (kind === 'absence' && grantedToOthers(ws, i, cues)) flip(w, 'sarcasm: no problem for them');
  else if (reported(ws, i, cues)) {
    if (failureLater(ws, i)) flip(w, 'sarcasm: reassurance before a failure');
    else unsay(w);
  }
}

/**
 * How `w` reassures: the absence of a problem (a negated negative, "inget fel", "no delays", or a phrase that opens
 * with a word of absence, "inget problem", "no worries"), another phrase, or not at all ("can't wait" is a phrase,
 * not an absence).
 */
function reassurance(w: Work): 'absence' | 'phrase' | undefined {
  if (w.rules.includes('absence of a negative') || w.rules.includes('negated negative')) return 'absence';
  const lemma = w.lemma;
  const space = lemma?.indexOf(' ') ?? -1;
  if (lemma === undefined || space < 0) return undefined;
  return w.pack?.cues.absence.has(lemma.slice(0, space)) === true ? 'absence' : 'phrase';
}

/**
 * "Att det inte är ett problem för regionen att pensionärer ligger i korridoren …", "Not a problem for them that my
 * pension was paid late": the absence of a problem granted to others, followed by what they do or let happen, is
 * the writer's complaint about them. Not when it is granted to the writer or the reader ("inga problem för mig att
 * vänta", "no problem for us to help").
 */
function grantedToOthers(ws: Work[], i: number, cues: PhenomenonCues): boolean {
  const g = cues.grantedTo;
  // After the phrase's own words ("inget problem"), if the reassurance is one.
  let f = i + 1;
  while (f < ws.length && ws[f]!.consumed) f++;
  if (!g.for.has(ws[f]?.norm ?? '')) return false;
  // Up to three words name the others (none when a watch blanked the name); then "att"/"that"/"to".
  for (let k = f + 1; k <= f + 4 && k < ws.length && ws[k]!.sentence === ws[i]!.sentence; k++) {
    const t = ws[k]!;
    if (!isWord(t)) return false;
    if (g.us.has(t.norm)) return false;
    if (g.that.has(t.norm)) return true;
  }
  return false;
}

function reported(ws: Work[], i: number, cues: PhenomenonCues): boolean {
  return reportingNear(ws, i, -1, cues, 2) || reportingNear(ws, i, 1, cues, 5);
}

/** A failure later in the post shows the reported reassurance was false: the writer quotes it to mock it. */
function failureLater(ws: Work[], i: number): boolean {
  for (let k = i + 1; k < ws.length; k++) {
    const t = ws[k]!;
    if (bearsSentiment(t) && isWord(t) && t.base * t.scalar <= FAILURE) return true;
  }
  return false;
}

/**
 * A reported reassurance with no failure after it is the speaker's claim, not the writer's view ("Skatteverket says
 * no delays are expected"): it counts nothing.
 */
function unsay(w: Work): void {
  w.scalar = 0;
  w.rules.push('reported: someone else said it');
}

/** A reporting verb among the `reach` words (phrase heads) next to `i` in its sentence, looking in direction `step`. */
function reportingNear(ws: Work[], i: number, step: 1 | -1, cues: PhenomenonCues, reach: number): boolean {
  const sentence = ws[i]!.sentence;
  for (let k = i + step, seen = 0; k >= 0 && k < ws.length && seen < reach && ws[k]!.sentence === sentence; k += step) {
    const t = ws[k]!;
    if (!isWord(t) || t.consumed) continue;
    seen++;
    if (cues.reporting.has(t.norm)) return true;
  }
  return false;
}

/** 👏 in a sentence whose praise was ironic ("Toppen, tredje gången ansökan försvinner 👏👏") applauds the failure too. */
function markApplauseForIrony(ws: Work[], ironic: ReadonlySet<number>): void {
  for (const w of ws)
    if (w.kind === 'emoji' && ironic.has(w.sentence) && w.base * w.scalar > 0 && emojiKey(w.text) === CLAP)
      flip(w, `sarcasm: "${CLAP}" with ironic praise`);
}

function flip(w: Work, rule: string): void {
  w.scalar *= SARCASM;
  w.rules.push(rule);
}

/**
 * 👏 after a clear failure in its sentence or the one before, with no "men"/"but" between, is applause for the
 * failure: ironic. Not among other happy emoji ("👏😍🎉" celebrates).
 */
function markIronicApplause(ws: Work[], sentences: Sentence[]): void {
  let failureAt = -1;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.role === Role.Contrast) failureAt = -1;
    else if (bearsSentiment(w) && isWord(w) && w.base * w.scalar <= CLEAR_FAILURE) failureAt = i;
    else if (
      w.kind === 'emoji' &&
      failureAt >= 0 &&
      w.base > 0 &&
      emojiKey(w.text) === CLAP &&
      w.sentence - ws[failureAt]!.sentence <= 1 &&
      !happyEmojiAround(ws, i)
    ) {
      flip(w, `sarcasm: "${CLAP}" after a failure`);
      // The applause is then an irony marker like 🙄: it flips the praise of its post (`sarcasm: "👏"`).
      sentences[w.sentence]!.sarcasm ??= CLAP;
      sentences[ws[failureAt]!.sentence]!.sarcasm ??= CLAP;
    }
  }
}

/** Whether another emoji of the run around `i` is a happy one. */
function happyEmojiAround(ws: Work[], i: number): boolean {
  for (let k = i - 1; k >= 0 && ws[k]!.kind === 'emoji'; k--)
    if (ws[k]!.base > 0 && emojiKey(ws[k]!.text) !== CLAP) return true;
  for (let k = i + 1; k < ws.length && ws[k]!.kind === 'emoji'; k++)
    if (ws[k]!.base > 0 && emojiKey(ws[k]!.text) !== CLAP) return true;
  return false;
}

/** The "för"/"for" after thanks at `i` (within four words, same clause), or -1. */
function thanksForAt(ws: Work[], i: number): number {
  const w = ws[i]!;
  const cues = w.pack!.cues;
  if (!cues.thanks.has(w.norm)) return -1;
  for (let k = i + 1, seen = 0; k < ws.length && seen < 4; k++) {
    const t = ws[k]!;
    if (t.sentence !== w.sentence || t.kind === 'punct') return -1;
    if (!isWord(t)) continue;
    seen++;
    if (cues.thanksFor.has(t.norm)) return k;
  }
  return -1;
}
const thanksFor = (ws: Work[], i: number): boolean => thanksForAt(ws, i) >= 0;

/**
 * "Tack för det, nu är ansökan borta igen", "Thanks for that, the portal is down again": thanks for a pointer word
 * that ends its clause thank for what follows, so they are read as opening praise (`sarcasm: praise before a
 * complaint`) rather than as thanks for something named.
 */
function thanksForPointer(ws: Work[], i: number): boolean {
  const k = thanksForAt(ws, i);
  const pointer = ws[k + 1];
  return k >= 0 && pointer !== undefined && ws[i]!.pack!.cues.pointers.has(pointer.norm) && ws[k + 2]?.kind === 'punct';
}

/**
 * "Tack för att ni tappade …", "Thanks for losing …": how bad the worst failure after "för"/"for" is (its
 * contribution; 0 when there is none, or help or praise is thanked for).
 */
function thanksFailure(ws: Work[], i: number): number {
  const w = ws[i]!;
  const cues = w.pack!.cues;
  const k = thanksForAt(ws, i);
  if (k < 0) return 0;
  let failure = 0;
  // What is thanked for ends with its clause: "Thanks for coming, was having a boring day" thanks for the visit.
  for (let m = k; m < ws.length && ws[m]!.sentence === w.sentence && ws[m]!.kind !== 'punct'; m++) {
    const t = ws[m]!;
    if (cues.repair.has(t.norm)) return 0;
    if (!bearsSentiment(t) || !isWord(t)) continue;
    const v = t.base * t.scalar;
    // "the wonderful hour on hold", "the lovely six week wait": praise of the failure itself is ironic.
    if (v > 0 && !failureWithin(ws, m, 2)) return 0;
    failure = Math.min(failure, v);
  }
  return failure;
}

/** A failure word within `n` words after `m` in its clause. */
function failureWithin(ws: Work[], m: number, n: number): boolean {
  for (let k = m + 1, seen = 0; k < ws.length && seen < n && ws[k]!.sentence === ws[m]!.sentence; k++) {
    const t = ws[k]!;
    if (t.kind === 'punct') return false;
    if (!isWord(t)) continue;
    seen++;
    if (bearsSentiment(t) && t.role !== Role.Negator && t.base * t.scalar <= CLEAR_FAILURE) return true;
  }
  return false;
}

/**
 * The first word of its sentence, or preceded only by lead words ("Vad roligt", "Oh great", "Gotta love") and the
 * rest of a phrase a lead word opens ("Så himla smidigt att …": "himla" belongs to the lead "så himla").
 */
function opensSentence(ws: Work[], i: number): boolean {
  const w = ws[i]!;
  for (let k = i - 1; k >= 0 && ws[k]!.sentence === w.sentence; k--) {
    const t = ws[k]!;
    if (isWord(t) && !w.pack!.cues.praiseLeads.has(t.norm) && !t.consumed) return false;
  }
  return true;
}

/**
 * Praise set off by punctuation ("Toppen,") or joined to its object within three words ("Älskar när", "Lovely to");
 * thanks only by punctuation ("Thanks to everyone …" is sincere).
 */
function joinedToWhatFollows(ws: Work[], i: number): boolean {
  const cues = ws[i]!.pack!.cues;
  const joins = !cues.thanks.has(ws[i]!.norm);
  for (let k = i + 1, seen = 0; k < ws.length && seen < 3; k++) {
    const t = ws[k]!;
    if (t.kind === 'punct') return /[,!.…:]/.test(t.text);
    if (!isWord(t)) continue;
    seen++;
    if (joins && cues.praiseJoins.has(t.norm)) return true;
    // "Love waiting on hold", "Loving being ignored": praise of an activity, as "Love it when" is.
    if (joins && seen === 1 && cues.praiseVerbs.has(ws[i]!.norm) && cues.isGerund(t.norm)) return true;
  }
  return false;
}

/**
 * The index of a clear failure word or a repetition ("igen", "another") after the praise in its sentence, before any
 * contrast word ("men", "but", "though") and before any other praise ("Well done, good to see you score again"), or
 * -1. Praise that continues the opening one does not stop the search: after a lead word ("Wow, what amazing service,
 * a 40 minute queue") or right before the failure ("ni lyckades förlora", "managed to lose").
 */
function failureAfter(ws: Work[], i: number): number {
  const w = ws[i]!;
  const cues = w.pack!.cues;
  for (let k = i + 1; k < ws.length && k < i + 16 && ws[k]!.sentence === w.sentence; k++) {
    const t = ws[k]!;
    // "Tack, äntligen ett beslut efter lång väntan", "Thanks, finally got my refund": the trouble is over, the thanks sincere.
    if (t.role === Role.Contrast || t.role === Role.ContrastAdverb || cues.eventually.has(t.norm)) return -1;
    if (cues.repetition.has(t.norm) && k > i + 1 && isRepetition(ws, k, cues)) return k;
    if (!bearsSentiment(t) || !isWord(t)) continue;
    const v = t.base * t.scalar;
    if (v > 0 && !cues.praiseLeads.has(ws[k - 1]?.norm ?? '') && !failureWithin(ws, k, 2)) return -1;
    if (v <= CLEAR_FAILURE) return k;
  }
  return -1;
}

/** "igen", "again", "another" alone; "ännu", "än", "once" only before their `repetitionBefore` words ("ännu en", "once again"). */
function isRepetition(ws: Work[], k: number, cues: PhenomenonCues): boolean {
  const before = cues.repetitionBefore.get(ws[k]!.norm);
  return before === undefined || before.has(ws[k + 1]?.norm ?? '');
}
