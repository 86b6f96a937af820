import { deElongate, deElongate2, type LangPack, type LexHit } from './lang-pack.js';
import { EN_FUNCTION_WORDS, SV_FUNCTION_WORDS } from './function-words.js';

/**
 * Everything the engine derives from a word form alone, computed once per distinct form and cached.
 *
 * Why: a post's words used to go through six or seven hash lookups each (function-word sets, role lists, the
 * lexicon cache, phrase starts), and string hashing plus probing was the largest cost after tokenizing. Posts
 * repeat a small vocabulary, so one lookup of the lower-cased form now returns all of it. Nothing here depends on
 * neighbours, capitals or the deployment's overrides: those are applied per token in `prepare.ts`.
 */

/** What a word does to its neighbours. A word can both have a valence and a role ("super", "fruktansvärt"). */
export enum Role { None, Negator, Booster, Dampener, Contrast, ContrastAdverb, ClauseBreak }

/** Pack-independent facts: language evidence (see `languageEvidence`) and, lazily, each pack's reading. */
export interface WordEntry {
  /** The lower-cased form this entry describes. */
  readonly key: string;
  /** Where the entry sits in the table (kept up to date when the table grows), so its info bits can be updated. */
  slot: number;
  /** True when the form has no letter (digits only): such tokens are no language's words. */
  noLetter: boolean;
  /** Swedish evidence (1 function word, 0.7 for å/ä/ö) and English evidence (1 function word). */
  sv: number;
  en: number;
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
  role: Role;
  roleValue: number;
  modifier: number;
  /** The lexicon hit, unless the role keeps the word from carrying sentiment (negators, contrast words). */
  hit: LexHit | undefined;
  /** When the form starts phrases of the pack: their second words (a cheap test before building phrase keys). */
  phraseNext: ReadonlySet<string> | undefined;
}

/**
 * A word's most-read facts as bits, stored next to its hash in the table so reading them costs no extra memory
 * load: language evidence (read for every word) and, once a pack has read the word, whether that reading is
 * "plain" (no role, valence, phrase, elongation or retweet marker: most words), which lets `prepare` skip it.
 */
export const INFO_NO_LETTER = 1;
/** Swedish evidence code in bits 1-2: 0 none, 1 → 0.7 (å/ä/ö), 2 → 1 (function word). */
export const INFO_SV_SHIFT = 1;
export const INFO_EN = 8;
export const INFO_SV_KNOWN = 16;
export const INFO_SV_PLAIN = 32;
export const INFO_EN_KNOWN = 64;
export const INFO_EN_PLAIN = 128;

const LETTER = /\p{L}/u;
const ELONGATED = /(\p{L})\1{2,}/u;
// Same bound as the lexicon cache in morph.ts: a few weeks of a busy watch; cleared, not grown, past it.
const CACHE_LIMIT = 200_000;

/**
 * The entry cache: open addressing with linear probing over a hash computed here. Why not a `Map`: every token
 * is a freshly sliced string, and `Map.get` on it (V8 hashes, then walks its bucket chain) was the single largest
 * cost of a post once tokenizing was fast. Here a probe reads one compact `Int32Array` (0 marks an empty slot),
 * and each slot's key sits next to its entry in `refs`, so that comparing the key does not wait for the entry to
 * load, and a hit yields both the entry and its lower-cased form from one cache line.
 */
let mask = 4095;
/**
 * Four ints per slot: the hash (0 = empty slot), the info bits, and the key itself packed into two ints when it
 * is at most 8 Latin-1 characters (most words: "och", "väntetid", "great"), else 0, 0. A packed key is compared
 * right there in the slot's cache line; only longer keys are compared as strings.
 */
let table = new Int32Array(4 * (mask + 1));
/**
 * Two references per slot, side by side: the entry at 2 × slot and its key at 2 × slot + 1. One array rather than
 * two parallel ones because the tokenizer reads both on every hit (measured: 2–7 % of `analyze` on the dev posts).
 */
let refs: Array<WordEntry | string | undefined> = new Array<WordEntry | string | undefined>(2 * (mask + 1)).fill(undefined);
let size = 0;
// The info bits and key of the slot the last lookup found.
let found = 0;
let foundKey = '';
// The packed key of the form `hashOf` saw last: characters 0–3 and 4–7, one byte each; 0 when not packable.
// Words contain no NUL, so zero bytes mark the end and the packing is one-to-one.
let packed0 = 0;
let packed1 = 0;

/**
 * FNV-1a's offset basis and prime. The tokenizer hashes Latin-1 words with them as it scans (`scanLatin1Word`),
 * so its hash must be exactly `hashOf`'s: entries inserted through either path are found by the other.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, never 0 (0 marks an empty slot); also packs the key into packed0/packed1. */
function hashOf(s: string): number {
  let h = FNV_OFFSET;
  let p0 = 0;
  let p1 = 0;
  let packable = s.length <= 8;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ c, FNV_PRIME);
    if (c === 0 || c > 0xff) packable = false;
    else if (i < 4) p0 |= c << (8 * i);
    else p1 |= c << (8 * (i - 4));
  }
  packed0 = packable ? p0 : 0;
  packed1 = packable ? p1 : 0;
  return h === 0 ? 1 : h;
}

function insert(h: number, info: number, p0: number, p1: number, e: WordEntry): void {
  let i = h & mask;
  while (table[4 * i] !== 0) i = (i + 1) & mask;
  table[4 * i] = h;
  table[4 * i + 1] = info;
  table[4 * i + 2] = p0;
  table[4 * i + 3] = p1;
  refs[2 * i] = e;
  refs[2 * i + 1] = e.key;
  e.slot = i;
  size++;
}

function resize(capacity: number, keep: boolean): void {
  const old = refs;
  const t = table;
  mask = capacity - 1;
  table = new Int32Array(4 * capacity);
  refs = new Array<WordEntry | string | undefined>(2 * capacity).fill(undefined);
  size = 0;
  if (keep) for (let i = 0; 2 * i < old.length; i++) if (t[4 * i] !== 0) insert(t[4 * i]!, t[4 * i + 1]!, t[4 * i + 2]!, t[4 * i + 3]!, old[2 * i] as WordEntry);
}

/** The info bits of the entry `wordEntry` returned last (a second return value without an allocation). */
export function lastInfo(): number {
  return found;
}

/** The cached entry of a lower-cased word or hashtag form; its info bits are then `lastInfo()`. */
export function wordEntry(lower: string): WordEntry {
  const h = hashOf(lower);
  return wordEntryHashed(lower, h, packed0, packed1);
}

/**
 * The entry of a form whose key is packed in `p0`/`p1` (see `hashOf`; never 0, 0) and hash is `h`, if the table
 * holds it; its info bits are then `lastInfo()`. For the tokenizer, which computes both while scanning the word
 * and so finds most words without slicing or lower-casing them.
 */
export function packedEntry(h: number, p0: number, p1: number): WordEntry | undefined {
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const hv = table[4 * i];
    if (hv === 0) return undefined;
    if (hv === h && table[4 * i + 2] === p0 && table[4 * i + 3] === p1) {
      found = table[4 * i + 1]!;
      foundKey = refs[2 * i + 1] as string;
      return refs[2 * i] as WordEntry;
    }
  }
}

/** The key of the entry `packedEntry` found last (read from the slot, next to the entry: no load of the entry). */
export function lastKey(): string {
  return foundKey;
}

/** `wordEntry` for a caller that already has `hashOf(lower)` and its packed key (0, 0 when not packable). */
export function wordEntryHashed(lower: string, h: number, p0: number, p1: number): WordEntry {
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const hv = table[4 * i];
    if (hv === 0) break;
    if (hv === h && (p0 !== 0 ? table[4 * i + 2] === p0 && table[4 * i + 3] === p1 : refs[2 * i + 1] === lower)) {
      found = table[4 * i + 1]!;
      return refs[2 * i] as WordEntry;
    }
  }
  let sv = 0;
  let en = 0;
  if (SV_FUNCTION_WORDS.has(lower)) sv = 1;
  else if (EN_FUNCTION_WORDS.has(lower)) en = 1;
  else if (lower.includes('å') || lower.includes('ä') || lower.includes('ö')) sv = 0.7;
  const e: WordEntry = {
    key: lower, slot: 0, noLetter: !LETTER.test(lower), sv, en, svWord: undefined, enWord: undefined, svTag: undefined, enTag: undefined,
  };
  if (size >= CACHE_LIMIT) resize(4096, false);
  else if (size * 2 >= mask + 1) resize((mask + 1) * 2, true);
  found = (e.noLetter ? INFO_NO_LETTER : 0) | ((sv === 1 ? 2 : sv > 0 ? 1 : 0) << INFO_SV_SHIFT) | (en === 1 ? INFO_EN : 0);
  insert(h, found, p0, p1, e);
  return e;
}

/** How `pack` reads the word whose entry is `e` and lower-cased form `lower`. */
export function packWord(e: WordEntry, lower: string, pack: LangPack): PackWord {
  const sv = pack.lang === 'sv';
  let p = sv ? e.svWord : e.enWord;
  if (p === undefined) {
    p = readWord(lower, pack);
    if (sv) e.svWord = p;
    else e.enWord = p;
    // Record in the table whether the reading is plain. The entry may have been dropped by a clear since it was
    // looked up (its slot then belongs to another form): only its own slot is marked.
    if (refs[2 * e.slot] === e) {
      const plain = !p.elongated && !p.retweet && p.role === Role.None && p.modifier === 0 && p.hit === undefined && p.phraseNext === undefined;
      const k = 4 * e.slot + 1;
      table[k] = table[k]! | (sv ? INFO_SV_KNOWN | (plain ? INFO_SV_PLAIN : 0) : INFO_EN_KNOWN | (plain ? INFO_EN_PLAIN : 0));
    }
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
  for (let i = 2; i < w.length; i++) if (w.charCodeAt(i) === w.charCodeAt(i - 1) && w.charCodeAt(i) === w.charCodeAt(i - 2)) return true;
  return false;
}

/** "sååå", "braaaa": a letter three or more times in a row. */
export function isElongated(lower: string): boolean {
  return hasTripleLetter(lower) && ELONGATED.test(lower);
}

function readWord(lower: string, pack: LangPack): PackWord {
  const elongated = isElongated(lower);
  const p: PackWord = {
    norm: elongated ? deElongate2(lower) : lower, elongated, retweet: false, role: Role.None, roleValue: 0, modifier: 0,
    hit: undefined, phraseNext: undefined,
  };
  if (p.norm === 'rt') { p.retweet = true; return p; }
  setRole(pack, p);
  if (p.role === Role.None && elongated && p.norm !== deElongate(lower)) {
    const short = deElongate(lower);
    if (pack.boosters.has(short) || pack.negators.has(short) || pack.dampeners.has(short)) { p.norm = short; setRole(pack, p); }
  }
  if (pack.phraseStarts.has(p.norm)) p.phraseNext = phraseSeconds(pack).get(p.norm) ?? NO_WORDS;
  if (p.role === Role.Negator || p.role === Role.Contrast || p.role === Role.ContrastAdverb) return p;
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

interface RoleInfo { role: Role; value: number; modifier: number }
const roleTables = new WeakMap<LangPack, Map<string, RoleInfo>>();

/** The pack's word lists folded into one table, built once. */
export function rolesOf(pack: LangPack): Map<string, RoleInfo> {
  let t = roleTables.get(pack);
  if (t) return t;
  t = new Map();
  const add = (w: string, role: Role, value = 0): void => { if (!t!.has(w)) t!.set(w, { role, value, modifier: 0 }); };
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

function setRole(pack: LangPack, p: PackWord): void {
  const r = rolesOf(pack).get(p.norm);
  if (!r) return;
  p.role = r.role;
  p.roleValue = r.value;
  p.modifier = r.modifier;
}
