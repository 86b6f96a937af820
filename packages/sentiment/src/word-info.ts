import { evidenceBits, formEvidence, type FormEvidence } from './evidence.js';
import { deElongate, deElongate2, type LangPack, type LexHit, type VerbAfter } from './lang-pack.js';
import { WordTable } from './word-table.js';

/**
 * Everything the engine derives from a word form alone, computed once per distinct form and cached.
 *
 * Why: a post's words used to go through six or seven hash lookups each (function-word sets, role lists, the
 * lexicon cache, phrase starts), and string hashing plus probing was the largest cost after tokenizing. Posts
 * repeat a small vocabulary, so one lookup of the lower-cased form now returns all of it. Nothing here depends on
 * neighbours, capitals or the deployment's overrides: those are applied per token in `prepare.ts`. The table that
 * holds the entries is word-table.ts.
 */

/** What a word does to its neighbours. A word can both have a valence and a role ("super", "fruktansvärt"). */
export enum Role {
  None,
  Negator,
  Booster,
  Dampener,
  Contrast,
  ContrastAdverb,
  ClauseBreak,
}

/** Pack-independent facts (language evidence) and, lazily, each pack's reading of the form. */
export interface WordEntry extends FormEvidence {
  /** The lower-cased form this entry describes. */
  readonly key: string;
  svWord: PackWord | undefined;
  enWord: PackWord | undefined;
  /** For hashtags: each pack's lexicon hit on the de-elongated body (null: looked up, none). */
  svTag: LexHit | null | undefined;
  enTag: LexHit | null | undefined;
}

/** How one pack reads a word token, before overrides and context rules. */
export interface PackWord {
  /** The normalised form the rules compare against (de-elongated; "sååå" → "så"). */
  norm: string;
  elongated: boolean;
  /** "rt": the retweet marker, ignored. */
  retweet: boolean;
  /**
   * The word's role and modifier strength in the pack, shared by every form that reads as that word; undefined for
   * words with neither (most words, so reading them loads no further object).
   */
  roleInfo: RoleInfo | undefined;
  /** The lexicon hit, unless the role keeps the word from carrying sentiment (negators, contrast words). */
  hit: LexHit | undefined;
  /** The pack's `verbAfter` entry of the form: its valence when it follows one of the listed words. */
  verb: VerbAfter | undefined;
  /** When the form starts phrases of the pack: their second words (a cheap test before building phrase keys). */
  phraseNext: ReadonlySet<string> | undefined;
  /** `Cue` bits: which service rules the form can start, so a post without any skips them. */
  cue: number;
}

/** Bits of `PackWord.cue`. */
export const Cue = {
  /** A unit of a long duration ("weeks", "45mins", "ages"): the long-wait rule looks around it. */
  Duration: 1,
  /** "impossible", "unable", "can't": the out-of-reach rule looks after it. */
  Inability: 2,
} as const;

const LEADING_NUMBER = /^[\d.,–-]+/;

/** The cue bits of a normalised form in `pack`. */
function cueOf(pack: LangPack, norm: string): number {
  const c = pack.cues;
  let cue = 0;
  if (c.durationUnits.has(norm) || c.longDurations.has(norm) || c.degreeDurations.has(norm)) cue |= Cue.Duration;
  else if (
    norm.charCodeAt(0) >= 0x30 &&
    norm.charCodeAt(0) <= 0x39 &&
    c.durationUnits.has(norm.replace(LEADING_NUMBER, ''))
  )
    cue |= Cue.Duration;
  if (c.inability.has(norm) || c.reachNegators.has(norm)) cue |= Cue.Inability;
  return cue;
}

const ELONGATED = /(\p{L})\1{2,}/u;
// Same bound as the lexicon cache in morph.ts: a few weeks of a busy watch; cleared, not grown, past it.
const CACHE_LIMIT = 200_000;

function newEntry(lower: string): WordEntry {
  const ev = formEvidence(lower);
  return {
    key: lower,
    sv: ev.sv,
    en: ev.en,
    noLetter: ev.noLetter,
    svWord: undefined,
    enWord: undefined,
    svTag: undefined,
    enTag: undefined,
  };
}

/**
 * Every word and hashtag form seen, with its entry. The tokenizer looks each word token up here. Each form's slot
 * also keeps its `evidenceBits` (`WORDS.info` after a lookup), so the sentence pass does not load the entry.
 */
export const WORDS = new WordTable<WordEntry>(newEntry, CACHE_LIMIT, evidenceBits);

/** The entry of a lower-cased word or hashtag form (`WORDS.get`). */
export function wordEntry(lower: string): WordEntry {
  return WORDS.get(lower);
}

/** How `pack` reads the word whose entry is `e` and lower-cased form `lower`. */
export function packWord(e: WordEntry, lower: string, pack: LangPack): PackWord {
  const sv = pack.lang === 'sv';
  let p = sv ? e.svWord : e.enWord;
  if (p === undefined) {
    p = readWord(lower, pack);
    if (sv) e.svWord = p;
    else e.enWord = p;
  }
  return p;
}

/** `pack`'s lexicon hit for a hashtag whose entry is `e` and body (without "#") is `body`. */
export function hashtagHit(e: WordEntry, body: string, pack: LangPack): LexHit | undefined {
  const sv = pack.lang === 'sv';
  let hit = sv ? e.svTag : e.enTag;
  if (hit === undefined) {
    hit = (pack.lookupHashtag ?? pack.lookup)(deElongate2(body)) ?? null;
    if (sv) e.svTag = hit;
    else e.enTag = hit;
  }
  return hit ?? undefined;
}

/** Cheap pre-check for ELONGATED: three equal code units in a row. Most words fail it without a regex. */
export function hasTripleLetter(w: string): boolean {
  for (let i = 2; i < w.length; i++)
    if (w.charCodeAt(i) === w.charCodeAt(i - 1) && w.charCodeAt(i) === w.charCodeAt(i - 2)) return true;
  return false;
}

/** "sååå", "braaaa": a letter three or more times in a row. */
export function isElongated(lower: string): boolean {
  return hasTripleLetter(lower) && ELONGATED.test(lower);
}

function readWord(lower: string, pack: LangPack): PackWord {
  const elongated = isElongated(lower);
  const p: PackWord = {
    norm: elongated ? deElongate2(lower) : lower,
    elongated,
    retweet: false,
    roleInfo: undefined,
    hit: undefined,
    verb: undefined,
    phraseNext: undefined,
    cue: 0,
  };
  if (p.norm === 'rt') {
    p.retweet = true;
    return p;
  }
  p.roleInfo = rolesOf(pack).get(p.norm);
  if ((p.roleInfo?.role ?? Role.None) === Role.None && elongated && p.norm !== deElongate(lower)) {
    const short = deElongate(lower);
    if (pack.boosters.has(short) || pack.negators.has(short) || pack.dampeners.has(short)) {
      p.norm = short;
      p.roleInfo = rolesOf(pack).get(short);
    }
  }
  if (pack.phraseStarts.has(p.norm)) p.phraseNext = phraseSeconds(pack).get(p.norm) ?? NO_WORDS;
  p.cue = cueOf(pack, p.norm);
  p.verb = pack.verbAfter.get(p.norm);
  const role = p.roleInfo?.role;
  if (role === Role.Negator || role === Role.Contrast || role === Role.ContrastAdverb) return p;
  p.hit = pack.lookup(p.norm);
  if (!p.hit && elongated) p.hit = pack.lookup(deElongate(lower));
  return p;
}

const NO_WORDS: ReadonlySet<string> = new Set();
const secondsTables = new WeakMap<LangPack, Map<string, Set<string>>>();

/** First word → the second words of the pack's phrases (irony phrases included) that start with it. */
function phraseSeconds(pack: LangPack): Map<string, Set<string>> {
  let t = secondsTables.get(pack);
  if (t) return t;
  t = new Map();
  for (const key of [...pack.phrases.keys(), ...pack.sarcasmPhrases]) {
    const [first, second] = key.split(' ');
    if (first === undefined || second === undefined) continue;
    let set = t.get(first);
    if (!set) t.set(first, (set = new Set()));
    set.add(second);
  }
  secondsTables.set(pack, t);
  return t;
}

/** A word's role in a pack, the role's strength (booster extra, dampener multiplier) and its modifier extra. */
export interface RoleInfo {
  role: Role;
  value: number;
  modifier: number;
}
const roleTables = new WeakMap<LangPack, Map<string, RoleInfo>>();

/** The pack's word lists folded into one table, built once. */
export function rolesOf(pack: LangPack): Map<string, RoleInfo> {
  let t = roleTables.get(pack);
  if (t) return t;
  t = new Map();
  const add = (w: string, role: Role, value = 0): void => {
    if (!t!.has(w)) t!.set(w, { role, value, modifier: 0 });
  };
  // Precedence: negator, booster, dampener, contrast, contrast adverb, clause break.
  for (const w of pack.negators) add(w, Role.Negator);
  for (const [w, v] of pack.boosters) add(w, Role.Booster, v);
  for (const [w, v] of pack.dampeners) add(w, Role.Dampener, v);
  for (const w of pack.contrastConjunctions) add(w, Role.Contrast);
  for (const w of pack.contrastAdverbs) add(w, Role.ContrastAdverb);
  for (const w of pack.clauseBreaks) add(w, Role.ClauseBreak);
  for (const [w, m] of pack.modifierWords) {
    const r = t.get(w);
    if (r) r.modifier = m;
    else t.set(w, { role: Role.None, value: 0, modifier: m });
  }
  roleTables.set(pack, t);
  return t;
}
