/**
 * A single-pass tokenizer built for the scorer's hot path.
 *
 * Why not wink-nlp's or natural's tokenizer here: the engine must score ≥ 50,000 short posts/s on one core and
 * both libraries cost more per post than all of our scoring (see `pnpm bench:sentiment`, which prints the
 * tokenizers' own throughput next to ours). We still need what they do not give us together: UTF-16 offsets for
 * the dashboard, emoji and emoticons as tokens, URLs, @mentions and #hashtags kept whole, and newlines as
 * sentence breaks.
 *
 * The grammar is one regex with numbered groups (`TOKEN_RE`), and that regex is the definition. Running it on every
 * position cost more than the rest of the engine, so `tokenize` scans the common cases itself (words, spaces,
 * plain punctuation, line breaks, @mentions, #hashtags) and hands every other position to the regex. A test
 * (test/tokenize.test.ts) checks the scanner against the bare regex on random and real text.
 */

import { isLatin1Capital } from './word-table.js';

/** What a token is; decides which rules may look at it. */
export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'punct' | 'url' | 'mention' | 'hashtag' | 'break';

/** A raw token: `start`/`end` are UTF-16 offsets into the input, `end` exclusive. */
export interface RawToken {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** `text` lower-cased, for word and hashtag tokens (computed once here; every later stage needs it). */
  lower: string;
}

// Emoticons: eyes [:;=], optional nose/tear, mouth; the reversed form; hearts; a few kaomoji. The trailing
// lookahead keeps "kl:a" or ":Det" from turning into emoticons. "8" as eyes is left out: "8:30" is a time. The
// leading lookahead keeps the Swedish genitive colon ("SL:s", "Tele2:s", "SVT:s") from reading as ":s".
const EMOTICON = String.raw`(?!(?<=[\p{L}\p{N}]):[sS](?![\p{L}\p{N}]))(?:[:;=][\-o\*'^]?[\)\]\(\[dDpPoO\/\\\|3\*\$@sSxX]+|[\)\]\(\[\/\\dD][\-o\*'^]?[:;=]|<\/?3+|\^_*\^|[oO0]_+[oO0]|-_+-|[tT]_+[tT]|;_+;)(?![\p{L}\p{N}])`;
const URL = String.raw`(?:https?:\/\/|www\.)[^\s<>"]+`;
const MENTION = String.raw`@[\p{L}\p{N}_]+`;
const HASHTAG = String.raw`#[\p{L}\p{N}_]+`;
// Letters, combining marks and digits; inner apostrophes and hyphens keep "don't" and "e-post" whole.
const WORD = String.raw`[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*`;
// A pictographic base with variation selectors, skin tones and ZWJ sequences; or a flag pair.
const EMOJI = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\u20E3|[\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic}\uFE0F?)*|[\u{1F1E6}-\u{1F1FF}]{2}`;
const PUNCT = String.raw`[!?.,;:…¡¿]+|[\-–—]+`;
const BREAK = String.raw`[\r\n]+`;

// Order matters: URL before word, emoticon before punctuation.
/** The token grammar. Exported so tests can compare `tokenize` with it; not for the hot path. */
export const TOKEN_RE = new RegExp(
  `(${URL})|(${MENTION})|(${HASHTAG})|(${EMOTICON})|(${WORD})|(${EMOJI})|(${PUNCT})|(${BREAK})`,
  'gu',
);
const KINDS: readonly TokenKind[] = ['url', 'mention', 'hashtag', 'emoticon', 'word', 'emoji', 'punct', 'break'];

// Character classes of BMP code units, filled on first sight from the same Unicode properties the regex uses.
const L = 1;
const M = 2;
const N = 4;
const KNOWN = 8;
const classes = new Uint8Array(0x10000);
const IS_L = /^\p{L}$/u;
const IS_M = /^\p{M}$/u;
const IS_N = /^\p{N}$/u;
function classOf(c: number): number {
  let k = classes[c]!;
  if (k === 0) {
    // Surrogate halves stay "nothing" here: astral characters always go through the regex.
    const ch = String.fromCharCode(c);
    k = KNOWN;
    if (c < 0xd800 || c > 0xdfff) k |= (IS_L.test(ch) ? L : 0) | (IS_M.test(ch) ? M : 0) | (IS_N.test(ch) ? N : 0);
    classes[c] = k;
  }
  return k;
}
const isWordChar = (c: number): boolean => (classOf(c) & (L | M | N)) !== 0;
const isTagChar = (c: number): boolean => c === 0x5f || (classOf(c) & (L | N)) !== 0;
/** What may follow "d"/"D" in a reversed emoticon ("D:", "D-:"): a nose or eyes. */
const isEmoticonNext = (c: number): boolean =>
  c === 0x2d || c === 0x6f || c === 0x2a || c === 0x27 || c === 0x5e || c === 0x3a || c === 0x3b || c === 0x3d;
/** `[!?.,;:…¡¿]` */
const isPunctChar = (c: number): boolean =>
  c === 0x21 ||
  c === 0x3f ||
  c === 0x2e ||
  c === 0x2c ||
  c === 0x3b ||
  c === 0x3a ||
  c === 0x2026 ||
  c === 0xa1 ||
  c === 0xbf;

/**
 * Splits `text` into tokens in order. Whitespace and symbols that carry no meaning for sentiment are skipped.
 * Never throws; lone surrogates and control characters are simply not matched.
 */
export function tokenize(text: string): RawToken[] {
  return tokenizeWith(text, rawToken);
}

const rawToken = (kind: TokenKind, text: string, start: number, end: number, lower: string): RawToken => ({
  kind,
  text,
  start,
  end,
  lower,
});

/** Makes the caller's token from a `RawToken`'s values. */
export type MakeToken<T> = (kind: TokenKind, text: string, start: number, end: number, lower: string) => T;

/**
 * `tokenize` with the caller's token objects: the scorer builds its working objects here directly instead of
 * copying every raw token into one (one allocation per token instead of two). Pure: it reads nothing but `text`.
 */
export function tokenizeWith<T>(text: string, make: MakeToken<T>): T[] {
  const out: T[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      i++;
      continue;
    }
    let end = -1;
    let kind: TokenKind = 'word';
    if (c < 0x100 && LATIN1[c] !== 0) {
      // Apostrophes, hyphens, letters beyond Latin-1, emoticon and URL openings: the general path decides.
      end = scanLatin1Word(text, i, c);
      if (end < 0) end = scanWord(text, i, c);
    } else if (c >= 0x100 && isWordChar(c)) {
      end = scanWord(text, i, c);
    } else if (c === 0x0a || c === 0x0d) {
      end = i + 1;
      while (end < n && (text.charCodeAt(end) === 0x0a || text.charCodeAt(end) === 0x0d)) end++;
      kind = 'break';
    } else if (c === 0x40 || c === 0x23) {
      end = i + 1;
      while (end < n && isTagChar(text.charCodeAt(end))) end++;
      const d = text.charCodeAt(end);
      if (d >= 0xd800 && d <= 0xdbff)
        end = -1; // an astral letter may continue it: the regex decides
      else if (end === i + 1) {
        i++;
        continue;
      } // a lone "@" or "#" matches nothing in the grammar
      else kind = c === 0x40 ? 'mention' : 'hashtag';
    } else if (c !== 0x3a && c !== 0x3b && isPunctChar(c)) {
      // ":" and ";" may open an emoticon; the others never do.
      end = i + 1;
      while (end < n && isPunctChar(text.charCodeAt(end))) end++;
      kind = 'punct';
    } else if (c === 0x2013 || c === 0x2014 || (c === 0x2d && text.charCodeAt(i + 1) !== 0x5f)) {
      end = i + 1;
      for (let d = text.charCodeAt(end); d === 0x2d || d === 0x2013 || d === 0x2014; d = text.charCodeAt(++end));
      kind = 'punct';
    } else if (c < 0x80 && !mayStartToken(c)) {
      i++;
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      end = singleEmoji(text, i, c);
      kind = 'emoji';
    }
    if (end < 0) {
      // Everything else (emoticons, emoji, URLs, words that might be emoticons): the grammar decides.
      TOKEN_RE.lastIndex = i;
      const m = TOKEN_RE.exec(text);
      if (m === null) break;
      let g = 1;
      while (m[g] === undefined) g++;
      kind = KINDS[g - 1]!;
      i = m.index;
      end = i + m[0].length;
    }
    const t = text.slice(i, end);
    if (kind === 'word' || kind === 'hashtag') {
      out.push(make(kind, t, i, end, lowerOf(t)));
    } else {
      out.push(make(kind, t, i, end, t));
    }
    i = end;
  }
  return out;
}

/** Latin-1 word characters (\p{L}\p{M}\p{N} below U+0100): 1, else 0. */
const LATIN1 = (() => {
  const k = new Uint8Array(0x100);
  for (let c = 0; c < 0x100; c++) if (isWordChar(c)) k[c] = 1;
  return k;
})();

/**
 * End of the word at `i` when it is made of Latin-1 letters and digits only and ends where `scanWord` would end it;
 * -1 when `scanWord` must decide: the word may continue past an apostrophe or hyphen or with a character beyond
 * Latin-1, or the grammar may see an emoticon or URL there.
 */
function scanLatin1Word(text: string, i: number, c: number): number {
  if (opensEmoticon(text, i, c)) return -1;
  const n = text.length;
  let j = i;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d >= 0x100 || LATIN1[d] === 0) break;
    j++;
  }
  if ((j < n && !endsLatin1Word(text, j)) || opensUrl(text, i, j)) return -1;
  return j;
}

/** True when the character at `j` (not a Latin-1 word character) surely ends the word for `scanWord` too. */
function endsLatin1Word(text: string, j: number): boolean {
  const d = text.charCodeAt(j);
  if (d >= 0x100) return !(d === 0x2019 || (d >= 0xd800 && d <= 0xdbff) || isWordChar(d));
  if (d === 0x27 || d === 0x2d) {
    if (j + 1 === text.length) return true;
    const e = text.charCodeAt(j + 1);
    return e < 0x80 && LATIN1[e] === 0;
  }
  return true;
}

/**
 * End of the word starting at `i`, or -1 when the grammar must decide: a URL ("http:", "www.") or an emoticon
 * that starts with a letter ("D:", "o_O", "T_T") may match there before a word does.
 */
function scanWord(text: string, i: number, c: number): number {
  if (opensEmoticon(text, i, c)) return -1;
  const n = text.length;
  let end = i + 1;
  for (;;) {
    while (end < n && isWordCharFast(text.charCodeAt(end))) end++;
    const d = text.charCodeAt(end);
    // An astral character may be a letter or mark (𝐀, 𝒐): the regex knows, the table does not.
    if (d >= 0xd800 && d <= 0xdbff) return -1;
    // Inner apostrophe or hyphen: part of the word only when a word character follows.
    if ((d === 0x27 || d === 0x2019 || d === 0x2d) && end + 1 < n) {
      const e = text.charCodeAt(end + 1);
      if (isWordCharFast(e)) {
        end += 2;
        continue;
      }
      if (e >= 0xd800 && e <= 0xdbff) return -1;
    }
    break;
  }
  return opensUrl(text, i, end) ? -1 : end;
}

/** An emoticon that starts with the letter `c` at `i` ("D:", "o_O", "T_T") may match there before a word does. */
function opensEmoticon(text: string, i: number, c: number): boolean {
  const next = text.charCodeAt(i + 1);
  return (
    ((c === 0x64 || c === 0x44) && isEmoticonNext(next)) ||
    (next === 0x5f && (c === 0x6f || c === 0x4f || c === 0x30 || c === 0x74 || c === 0x54))
  );
}

/** The word `i`..`end` opens a URL ("www.", "http:", "https:"): the grammar matches that before a word. */
function opensUrl(text: string, i: number, end: number): boolean {
  const len = end - i;
  return (
    (len === 3 && text.charCodeAt(end) === 0x2e && text.startsWith('www', i)) ||
    ((len === 4 || len === 5) &&
      text.charCodeAt(i + len) === 0x3a &&
      text.startsWith('http', i) &&
      (len === 4 || text.charCodeAt(i + 4) === 0x73))
  );
}

function isWordCharFast(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  return isWordChar(c);
}

// Astral code points (U+10000–U+1FFFF) that are pictographs and not letters, marks or digits: 0 unknown, 1 yes, 2 no.
const pictograph = new Uint8Array(0x10000);
const IS_PICT = /^\p{Extended_Pictographic}$/u;
const IS_LMN = /^[\p{L}\p{M}\p{N}]$/u;

/**
 * End of a lone astral emoji at `i` ("😂" followed by a space or a word), or -1 when the grammar must decide: an
 * astral letter (𝐀), a flag, or an emoji continued by a variation selector, skin tone, keycap or ZWJ sequence.
 */
function singleEmoji(text: string, i: number, hi: number): number {
  const lo = text.charCodeAt(i + 1);
  if (!(lo >= 0xdc00 && lo <= 0xdfff)) return -1;
  const cp = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  if (cp > 0x1ffff) return -1;
  let k = pictograph[cp - 0x10000]!;
  if (k === 0) {
    const ch = String.fromCodePoint(cp);
    k = IS_PICT.test(ch) && !IS_LMN.test(ch) ? 1 : 2;
    pictograph[cp - 0x10000] = k;
  }
  if (k !== 1) return -1;
  const next = text.charCodeAt(i + 2);
  // U+FE0F, U+20E3, U+200D or a skin tone (U+1F3FB–U+1F3FF = D83C DFFB–DFFF) continue the emoji.
  if (next === 0xfe0f || next === 0x20e3 || next === 0x200d) return -1;
  if (next === 0xd83c) {
    const after = text.charCodeAt(i + 3);
    if (after >= 0xdffb && after <= 0xdfff) return -1;
  }
  return i + 2;
}

/** ASCII characters that can begin some alternative of the grammar (found by testing each against TOKEN_RE). */
const ASCII_START = (() => {
  const s = new Uint8Array(0x80);
  for (let c = 0; c < 0x80; c++) {
    // The character followed by the openings of every alternative: if any probe matches at position 0, the
    // regex must be consulted at that character.
    for (const tail of ['', ':', ')', '3', '-)', '_-', '_o', '_^', '^', 'D', '//x', 'ww.x', 'ttp://x', 'a', '1']) {
      TOKEN_RE.lastIndex = 0;
      const m = TOKEN_RE.exec(String.fromCharCode(c) + tail);
      if (m && m.index === 0) {
        s[c] = 1;
        break;
      }
    }
  }
  return s;
})();
const mayStartToken = (c: number): boolean => ASCII_START[c] === 1;

/**
 * Lower-cases a word. A word already in lower case is returned as it is (the same string), so later stages can
 * tell "has capitals" by `text !== lower` without comparing characters.
 */
function lowerOf(t: string): string {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    // Latin-1 capitals need lower-casing; other Latin-1 letters (å, ä, ö, ß, µ) are their own lower case, so
    // Swedish words skip toLowerCase. Beyond Latin-1, ask toLowerCase.
    if (isLatin1Capital(c)) return t.toLowerCase();
    if (c >= 0x100) {
      const l = t.toLowerCase();
      return l === t ? t : l;
    }
  }
  return t;
}
