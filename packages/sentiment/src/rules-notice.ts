import { enPack } from './lang-en.js';
import type { InformationalFrameCues } from './lang-pack.js';
import { svPack } from './lang-sv.js';
import type { Sentence, Work } from './prepare.js';
import { bearsSentiment, isWord } from './rules-scope.js';
import { Role } from './word-info.js';

/**
 * Informational frames. An organisation's own notice ("Driftstörning: …", "Scheduled maintenance: …"), a guide or
 * FAQ ("Så här gör du om du har tappat ditt pass"), a report or ruling about complaints ("X publishes complaints
 * figures") and a question that asks how to do something or whether others have a problem ("Hur gör man om man har
 * tappat sitt pass?", "Is anyone else having problems with …?") use problem words to describe, not to complain.
 * Counting them as complaints puts an agency's own service notices into its negative spikes.
 *
 * The frame holds only without a sign of a complaint: a first-person statement, a repetition ("igen", "again",
 * "third time"), an exclamation, caps, an intensified or strong negative word, or irony. Those keep
 * "driftstörning IGEN, tredje gången" and "har ni problem med inloggningen? funkar inte alls" negative.
 */

/** What the frame does to a descriptive problem word: it no longer counts (the explanation still shows it). */
const DESCRIPTIVE = 0;
/** A word at least this negative is a verdict of its own ("katastrof", "awful"), not a description. */
const STRONG_NEGATIVE = -2;

/** Each language's frame words (`PhenomenonCues.informational`, in the language packs). */
const FRAMES: Readonly<Record<'sv' | 'en', InformationalFrameCues>> = {
  sv: svPack.cues.informational,
  en: enPack.cues.informational,
};

/** Bits of `MARKS`: which of a frame's word sets a word is in. */
const REPETITION = 1;
const FIRST_PERSON = 2;
const GENRE = 4;

/** One lookup per word instead of one per set: the frame reads every word of most posts with a problem word. */
const MARKS: Readonly<Record<'sv' | 'en', ReadonlyMap<string, number>>> = {
  sv: marksOf(FRAMES.sv),
  en: marksOf(FRAMES.en),
};

function marksOf(f: InformationalFrameCues): ReadonlyMap<string, number> {
  const marks = new Map<string, number>();
  const add = (set: ReadonlySet<string>, bit: number): void => {
    for (const word of set) marks.set(word, (marks.get(word) ?? 0) | bit);
  };
  add(f.repetition, REPETITION);
  add(f.firstPerson, FIRST_PERSON);
  add(f.genre, GENRE);
  return marks;
}

/** Sentences inspected for an opening (a post's first few sentences carry its frame). */
const OPENINGS = 8;

/**
 * Applies the informational frame: in a notice, guide or report the problem words of the whole post stop counting;
 * in a question that asks how to or whether, those of that question do. Runs after every other rule (it reads their
 * marks: caps, exclamations, irony) and costs one pass over the tokens.
 */
export function applyInformationalFrame(ws: Work[], sentences: Sentence[]): void {
  const lang = sentences[0]?.lang;
  if ((lang !== 'sv' && lang !== 'en') || ws.length === 0) return;
  // The frame only changes problem words, so a post without one is done after a cheap pass (most posts).
  if (!ws.some(isNegative)) return;
  const f = FRAMES[lang];
  const marks = MARKS[lang];
  let genre: string | undefined;
  let negative = false;
  // A strong word ("bedrägerier", "fraud") names a report's or notice's topic; in a question or how-to it is a verdict.
  let strong = false;
  // The first three words of each of the first sentences: "hur gör man", "så här gör", "has anyone had".
  const openings: string[][] = [];
  let heading: string | undefined;
  let beforeColon = true;
  let labelWords = 0;
  let label = '';
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const s = sentences[w.sentence]!;
    if (s.exclamations > 0 || s.sarcasm !== undefined) return;
    if (w.kind === 'punct') {
      if (w.text.length > 1 && w.text.includes('?')) return; // "??", "?!": exasperation
      // A short label before a colon opening the post: "Driftstörning:", "Known issue:", not "RT @name:".
      if (w.text === ':' && beforeColon && w.sentence === 0 && labelWords <= 3 && isLabel(f, label)) {
        // 'Ärkebiskopen: "De är ett problem"' quotes someone: a statement, not a notice.
        if (!quoteAfter(w, ws[i + 1])) heading = label;
      }
      beforeColon = false;
      continue;
    }
    if (!isWord(w)) {
      beforeColon = false;
      if (w.kind === 'emoji' && w.base < 0) return;
      continue;
    }
    const n = w.norm;
    if (beforeColon) {
      labelWords++;
      label = n;
    }
    if (w.sentence < OPENINGS) {
      const opening = (openings[w.sentence] ??= []);
      if (opening.length < 3) opening.push(n);
    }
    // A complaint keeps every word as it is: nothing later in the post can change that.
    const mark = marks.get(n) ?? 0;
    if ((mark & REPETITION) !== 0 || ((mark & FIRST_PERSON) !== 0 && !s.question)) return;
    if (genre === undefined && (mark & GENRE) !== 0) genre = w.text;
    if (!bearsSentiment(w) || w.base * w.scalar >= 0) continue;
    negative = true;
    if (w.caps || w.elongated) return;
    if (w.base <= STRONG_NEGATIVE) strong = true;
    const booster = boosterOf(ws, i);
    if (booster !== undefined && !(booster.norm === 'så' && ws[i + 1]?.norm === 'du')) return;
  }
  if (!negative) return;
  const first = openings[0] ?? [];
  const frame =
    heading !== undefined
      ? `notice ("${heading}:")`
      : genre !== undefined
        ? `report, guide or planned notice ("${genre}")`
        : !sentences[0]!.question && (opens(f.howTo, first) || (first[0] === 'så' && first[2] === 'du'))
          ? `how-to ("${first.slice(0, 2).join(' ')}")`
          : undefined;
  if (frame !== undefined) {
    if (strong && heading === undefined && genre === undefined) return;
    // The whole post describes: its praise words ("benefit", "nöjd" in a survey) are no verdict either.
    for (const w of ws) describe(w, `informational frame: ${frame}`, true);
    return;
  }
  if (strong) return;
  // Whether each sentence is a question that asks how or whether, decided once per sentence, not per word.
  const asking = openings.map((opening, k) => sentences[k]!.question && opens(f.asks, opening));
  for (const w of ws) {
    if (asking[w.sentence] === true) {
      const opening = openings[w.sentence]!;
      describe(w, `informational frame: question asks how or whether ("${opening.slice(0, 2).join(' ')}")`);
    }
  }
}

/** The first words of the opening sets' entries ("hur" of "hur gör"), so most openings need no joined key. */
const LEADS: ReadonlyMap<ReadonlySet<string>, ReadonlySet<string>> = new Map(
  [FRAMES.sv, FRAMES.en]
    .flatMap((f) => [f.asks, f.howTo])
    .map((set) => [set, new Set([...set].map((entry) => entry.split(' ')[0]!))] as const),
);

/** Whether the opening's first two or three words are one of `set`. */
function opens(set: ReadonlySet<string>, opening: readonly string[]): boolean {
  if (opening.length < 2) return false;
  const head = opening[0]!;
  if (!LEADS.get(set)!.has(head) && !head.includes(' ')) return false;
  const two = `${opening[0]} ${opening[1]}`;
  return set.has(two) || (opening.length > 2 && set.has(`${two} ${opening[2]}`));
}

/**
 * A label's colon is followed by one space. Quote marks are no tokens, so a wider gap is a quotation
 * ('Ärkebiskopen: "De är ett problem"'); no gap is a colon inside a word ("SDU:aren").
 */
function quoteAfter(colon: Work, next: Work | undefined): boolean {
  return next !== undefined && next.start !== colon.end + 1;
}

function isLabel(f: InformationalFrameCues, word: string): boolean {
  for (const end of f.labels) if (word.endsWith(end)) return true;
  return false;
}

function isNegative(w: Work): boolean {
  return bearsSentiment(w) && w.base * w.scalar < 0;
}

function describe(w: Work, rule: string, positiveToo = false): void {
  if (!bearsSentiment(w) || w.base * w.scalar === 0 || (w.base * w.scalar > 0 && !positiveToo)) return;
  w.scalar *= DESCRIPTIVE;
  w.rules.push(rule);
}

/**
 * A booster right before the word ("helt", "extremt", "so") intensifies a complaint. Not the "så" of a how-to
 * ("så undviker du", "so you avoid"), which the caller lets through.
 */
function boosterOf(ws: Work[], i: number): Work | undefined {
  const before = ws[i - 1];
  return before !== undefined && before.role === Role.Booster ? before : undefined;
}
