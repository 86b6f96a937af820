import { emojiKey, EMOJI_VALENCE, SARCASM_EMOJI } from './emoji.js';
import { enPack, VADER_LEXICON } from './lang-en.js';
import type { LangPack, LexHit } from './lang-pack.js';
import { svPack } from './lang-sv.js';
import { addEvidenceBits, type Evidence } from './evidence.js';
import { decideLanguage, languageEvidence, type Lang, type LanguageGuess } from './language.js';
import type { RawToken, TokenKind } from './tokenize.js';
import { hashtagHit, packWord, Role, WORDS, type WordEntry } from './word-info.js';
import { matchPhrases } from './phrases.js';

export { Role } from './word-info.js';

/** A token being scored. Mutable on purpose: the passes in `rules.ts` fill it in, then `analyze` publishes it. */
export interface Work extends RawToken {
  /** The form's entry in the word table (word and hashtag tokens only), set by `lookUpWords`. */
  entry: WordEntry | undefined;
  /** The form's language-evidence bits from the word table (evidence.ts, `evidenceBits`), set with `entry`. */
  info: number;
  norm: string;
  sentence: number;
  pack: LangPack | null;
  base: number;
  scalar: number;
  lemma: string | undefined;
  rules: string[];
  role: Role;
  /** Booster extra, dampener multiplier, or modifier-word extra. */
  roleValue: number;
  /** A word with its own valence that may act as an intensifier ("fruktansvärt"): its extra fraction, else 0. */
  modifier: number;
  caps: boolean;
  elongated: boolean;
  /** Swallowed by a phrase that starts at an earlier token. */
  consumed: boolean;
  /** Set by the lookup when the word is a negative-prefixed positive word ("otrevlig"). */
  morphNegative: boolean;
  /** A phenomenon rule decided this word's valence ("utan svar"): negation no longer applies to it. */
  settled: boolean;
  /** For a word that starts phrases of its pack: the second words of those phrases. */
  phraseNext: ReadonlySet<string> | undefined;
  /** `Cue` bits of the word's form (word-info.ts): which service rules it can start. */
  cue: number;
}

/** Per sentence: the language pack in force, `!` count, whether it is a question, and any irony marker found. */
export interface Sentence {
  pack: LangPack | null;
  lang: Lang;
  exclamations: number;
  question: boolean;
  sarcasm: string | undefined;
  first: number;
}

export const PACKS: Readonly<Record<'sv' | 'en', LangPack>> = { sv: svPack, en: enPack };

// Emoji valences are written on the word scale; in posts an emoji is decoration as often as a verdict (neutral
// posts in swe-sentiment carry 😂 and 😊), so they count for 0.7 of a word. Chosen on the train splits.
const EMOJI_SCALE = 0.7;

/**
 * A post in capitals throughout is shouting, and then no single word is emphasised by caps (VADER's rule).
 * Decided from the word tokens: every word with letters is upper-case and there are more than three letters.
 */
export function isShouting(tokens: readonly RawToken[]): boolean {
  let letters = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    if (t.text === t.lower) {
      if (hasLowerAscii(t.text) || !hasCaseless(t.text)) return false;
      continue;
    }
    if (hasLowerAscii(t.text) || t.text !== t.text.toUpperCase()) return false;
    letters += t.text.length;
  }
  return letters > 3;
}
/** An ASCII lower-case letter decides "not shouting" without a regex or an upper-cased copy. */
function hasLowerAscii(w: string): boolean {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 0x61 && c <= 0x7a) return true;
  }
  return false;
}
const CASELESS_LETTER = /\p{L}/u;
/** True for words whose letters have no case (digits only, or scripts like Arabic): they neither shout nor whisper. */
function hasCaseless(w: string): boolean {
  return !CASELESS_LETTER.test(w) || w.toUpperCase() === w;
}

/**
 * Decides the language of each sentence: the document's, unless the sentence itself clearly is the other one.
 * Sets every token's `sentence` and `pack`.
 */
export function splitSentences(tokens: readonly Work[], doc: Lang): Sentence[] {
  // One pass: language evidence, "!" and "?" are summed per sentence as the tokens go by (no closure, no
  // per-sentence objects besides the sentence itself); the pack is set on the sentence's tokens when it closes.
  const sentences: Sentence[] = [];
  const n = tokens.length;
  let first = 0;
  const ev: Evidence = { sv: 0, en: 0, words: 0 };
  let exclamations = 0;
  let question = false;
  for (let i = 0; i <= n; i++) {
    if (i < n) {
      const t = tokens[i]!;
      t.sentence = sentences.length;
      let ends = t.kind === 'break';
      if (t.entry !== undefined) addEvidenceBits(ev, t.info, t.text, t.lower);
      else if (t.kind === 'punct') {
        const p = t.text;
        question = false;
        for (let k = 0; k < p.length; k++) {
          const c = p.charCodeAt(k);
          if (c === 0x21) {
            exclamations++;
            ends = true;
          } else if (c === 0x3f) {
            question = true;
            ends = true;
          } else if (c === 0x2e || c === 0x2026) ends = true;
        }
      }
      if (!ends) continue;
    } else if (first === n && sentences.length > 0) break;
    const stop = i < n ? i + 1 : n;
    const { sv, en, words } = ev;
    let lang = doc;
    if (doc === 'sv' && (en - sv >= 2 || (sv === 0 && en >= 1 && en / words >= 0.5))) lang = 'en';
    else if (doc === 'en' && (sv - en >= 2 || (en === 0 && sv >= 1 && sv / words >= 0.5))) lang = 'sv';
    const pack = lang === 'other' ? null : PACKS[lang];
    for (let k = first; k < stop; k++) tokens[k]!.pack = pack;
    sentences.push({ pack, lang, exclamations, question, sarcasm: undefined, first });
    first = stop;
    ev.sv = 0;
    ev.en = 0;
    ev.words = 0;
    exclamations = 0;
    question = false;
  }
  return sentences;
}

/** The document language: the caller's if given, else detected. */
export function documentLanguage(tokens: readonly Work[], lang: 'sv' | 'en' | undefined): LanguageGuess {
  if (lang === 'sv' || lang === 'en') return { lang, confidence: 1 };
  const guess = decideLanguage(languageEvidence(tokens), 'other');
  if (guess.lang !== 'other') return guess;
  // No function words ("skitbra film!"): let the lexicons vote. Only when a word is known to exactly one of them.
  let sv = 0;
  let en = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    const w = t.lower;
    const inSv = svPack.lookup(w) !== undefined;
    const inEn = enPack.lookup(w) !== undefined;
    if (inSv && !inEn) sv++;
    else if (inEn && !inSv) en++;
  }
  // One known word in a long foreign sentence is a loanword, not a language ("Das Essen war …").
  if (sv === en || Math.max(sv, en) < 0.3 * tokens.filter((t) => t.kind === 'word').length) return guess;
  return { lang: sv > en ? 'sv' : 'en', confidence: 0.4 };
}

/** Gives each word and hashtag token its form's entry from the word table: what the form alone implies. */
export function lookUpWords(ws: readonly Work[]): void {
  for (const w of ws) {
    if (w.kind !== 'word' && w.kind !== 'hashtag') continue;
    w.entry = WORDS.get(w.lower);
    w.info = WORDS.info;
  }
}

/**
 * A work item straight from the tokenizer (`tokenizeWith(text, newWork)`): the raw token's fields plus the scoring
 * state, all in one object of one shape. `lookUpWords` adds the entry; `prepare` the sentence, pack and reading.
 */
export function newWork(kind: TokenKind, text: string, start: number, end: number, lower: string): Work {
  return {
    kind,
    text,
    start,
    end,
    lower,
    entry: undefined,
    info: 0,
    norm: '',
    sentence: 0,
    pack: null,
    base: 0,
    scalar: 1,
    lemma: undefined,
    rules: [],
    role: Role.None,
    roleValue: 0,
    modifier: 0,
    caps: false,
    elongated: false,
    consumed: false,
    morphNegative: false,
    settled: false,
    phraseNext: undefined,
    cue: 0,
  };
}

interface EmojiInfo {
  valence: number | undefined;
  sarcasm: boolean;
}
const emojiCache = new Map<string, EmojiInfo>();
/** Valence and irony of an emoji token, cached per text: the key strips selectors with a regex. */
function emojiInfo(text: string): EmojiInfo {
  let e = emojiCache.get(text);
  if (e === undefined) {
    const key = emojiKey(text);
    e = { valence: EMOJI_VALENCE.get(key), sarcasm: SARCASM_EMOJI.has(key) };
    // Distinct emoji sequences are a few thousand; the bound only guards against crafted input.
    if (emojiCache.size >= 10_000) emojiCache.clear();
    emojiCache.set(text, e);
  }
  return e;
}

/**
 * Builds the work list: normalises each token, looks up its valence in its sentence's language, assigns roles,
 * and matches multi-word phrases. `overrides` (a deployment's domain words) win over every lexicon.
 */
export function prepare(
  out: Work[],
  sentences: Sentence[],
  overrides: ReadonlyMap<string, number> | undefined,
  allCaps: boolean,
): Work[] {
  for (let i = 0; i < out.length; i++) {
    const w = out[i]!;
    const s = sentences[w.sentence]!;
    const pack = s.pack ?? enPack;
    switch (w.kind) {
      case 'url':
        w.rules.push('ignored: URL');
        break;
      case 'mention':
        w.rules.push('ignored: @mention');
        break;
      case 'emoji': {
        const e = emojiInfo(w.text);
        if (e.valence !== undefined) {
          w.base = e.valence * EMOJI_SCALE;
          w.rules.push('emoji');
        }
        if (e.sarcasm) s.sarcasm ??= w.text;
        break;
      }
      case 'emoticon': {
        const v =
          VADER_LEXICON.get(w.text) ??
          VADER_LEXICON.get(w.text.toLowerCase()) ??
          VADER_LEXICON.get(w.text.replace('-', ''));
        if (v !== undefined) {
          w.base = v;
          w.rules.push('emoticon');
        }
        break;
      }
      case 'hashtag': {
        const body = w.lower.slice(1);
        w.norm = w.lower;
        if (pack.sarcasmPhrases.has(w.norm)) {
          s.sarcasm ??= w.text;
          w.rules.push('sarcasm marker');
          break;
        }
        const hit =
          overrides?.get(body) !== undefined ? { valence: overrides.get(body)! } : hashtagHit(w.entry!, body, pack);
        if (hit) applyHit(w, hit, 'hashtag');
        break;
      }
      case 'word': {
        const lower = w.lower;
        // A lower-case ASCII letter rules out all caps without upper-casing a copy ("Hello", the usual case).
        w.caps =
          !allCaps &&
          w.text !== lower &&
          w.text.length > 1 &&
          !hasLowerAscii(w.text) &&
          w.text === w.text.toUpperCase();
        const p = packWord(w.entry!, lower, pack);
        w.elongated = p.elongated;
        w.norm = p.norm;
        if (p.retweet) {
          w.rules.push('ignored: retweet marker');
          break;
        }
        if (p.roleInfo !== undefined) {
          w.role = p.roleInfo.role;
          w.roleValue = p.roleInfo.value;
          w.modifier = p.roleInfo.modifier;
        }
        w.phraseNext = p.phraseNext;
        w.cue = p.cue;
        const hit = p.hit;
        const ov = overrides?.get(w.norm);
        if (ov !== undefined) {
          applyOverride(w, ov);
          break;
        }
        if (hit) applyHit(w, hit, undefined);
        else if (p.verb !== undefined && i > 0 && p.verb.after.has(out[i - 1]!.norm)) w.base = p.verb.valence;
        break;
      }
      default:
        break;
    }
  }
  matchPhrases(out, sentences);
  for (let i = 0; i + 1 < out.length; i++) {
    const w = out[i]!;
    if (w.role !== Role.Negator) continue;
    // "inte bara … utan också": here "utan" is the "but", not a negator.
    const next = out[i + 1]!;
    if (w.pack?.negatorAsBut.get(w.norm)?.has(next.norm) === true) w.role = Role.ClauseBreak;
    else if (quantifies(out, i)) w.role = Role.None;
    else if (next.role === Role.ClauseBreak && w.pack?.negatorBeforeInfinitive.get(w.norm) === next.norm)
      next.role = Role.None;
  }
  return out;
}

/**
 * "knappt 40 procent", "knappt en vecka", "barely an hour later", "knappt hälften": a hedge before an amount says
 * "just under", it negates nothing. Not before "några"/"any" ("knappt några problem" is an absence).
 */
function quantifies(ws: readonly Work[], i: number): boolean {
  const cues = ws[i]!.pack?.cues;
  if (!cues?.hedges.has(ws[i]!.norm)) return false;
  const next = ws[i + 1]!;
  const c = next.norm.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return true;
  if (cues.halves.has(next.norm)) return true;
  if (!cues.quantities.has(next.norm) || cues.askedAbout.has(next.norm)) return false;
  const unit = ws[i + 2];
  return unit !== undefined && cues.durationUnits.has(unit.norm);
}

/** A deployment's domain word: its valence wins over every lexicon. */
function applyOverride(w: Work, valence: number): void {
  w.base = valence;
  if (valence !== 0) w.rules.push('deployment override');
}

function applyHit(w: Work, hit: LexHit, rule: string | undefined): void {
  w.base = hit.valence;
  w.lemma = hit.lemma;
  if (rule) w.rules.push(rule);
  if (hit.rules) {
    for (const r of hit.rules) w.rules.push(r);
    if (hit.rules.some((r) => r.startsWith('negative prefix'))) w.morphNegative = true;
  }
  if (hit.scalar !== undefined) w.scalar *= hit.scalar;
}
