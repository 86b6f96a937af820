import { FNV1A_OFFSET, FNV1A_PRIME, fnv1a } from '@vakt/random/fnv1a';

/**
 * Hashed n-gram features for the embedding bag: word unigrams and bigrams, character 3–5-grams inside each word
 * (fastText-style, with `<` `>` word boundaries, so Swedish compounds such as "kundtjänstkaos" share the grams of
 * "kaos"), emoji and emoticons as words, and a language marker. Every feature is hashed into `buckets` rows
 * (the hashing trick): no vocabulary ships, so no training text can be read back out of the weights file.
 *
 * Bump `FEATURIZER_VERSION` whenever the output for some text changes: the weights manifest records it, and the
 * engine refuses weights trained with another version rather than scoring with mismatched features.
 */
export const FEATURIZER_VERSION = 1;

// Namespaces keep a word, a bigram and a char gram with the same characters in different buckets.
const NS_WORD = 0x9e3779b1;
const NS_BIGRAM = 0x85ebca77;
const NS_CHAR = 0xc2b2ae3d;
const NS_LANG = 0x27d4eb2f;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /@\w+/gu;
const LETTER_START = /^\p{L}/u;
const HTML_ENT: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
// Words (letters, digits, apostrophes inside words), hashtags, one token per emoji (skin tone and ZWJ sequences
// kept whole), emoticons, !/? runs. The skin tones and U+FE0F in the classes are single code points meant to follow
// an emoji, and the pattern stays exactly as the shipped weights were trained with (escapes included).
// prettier-ignore
// eslint-disable-next-line no-misleading-character-class, no-useless-escape
const TOKEN_RE = /#?[\p{L}\p{N}_]+(?:['’][\p{L}]+)*|\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]*(?:\u200D\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]*)*|[:;=8xX][-'^o]?[()\[\]DPpOo3/\\|*@$]+|<3+|[!?]+/gu;

/**
 * Normalises a post for hashing: entities decoded, URLs and @mentions unified, case folded, elongation capped.
 * Each regex runs only when a cheap scan says it can match: the regexes were most of the featuriser's time.
 */
export function normalize(text: string): string {
  let s = text.includes('&') ? text.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => HTML_ENT[m] ?? m) : text;
  const lower = s.toLowerCase();
  let replaced = false;
  if (lower.includes('http') || lower.includes('www.')) {
    s = s.replace(URL_RE, ' xurlx ');
    replaced = true;
  }
  if (s.includes('@')) {
    s = s.replace(MENTION_RE, ' xuserx ');
    replaced = true;
  }
  // Lower-cased once more only when a replacement left a new string (the usual post has no URL or @mention).
  s = replaced ? s.toLowerCase() : lower;
  // "sååååå bra" and "sååå bra" are the same word to a reader; cap any run at two.
  return hasRun3(s) ? s.replace(/(.)\1{2,}/gu, '$1$1') : s;
}

// True when some character (BMP or surrogate pair) occurs three times in a row.
function hasRun3(s: string): boolean {
  for (let i = 0; i + 2 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i + 1) && c === s.charCodeAt(i + 2)) return true;
    if (c >= 0xd800 && c <= 0xdbff && i + 5 < s.length && c === s.charCodeAt(i + 2) && c === s.charCodeAt(i + 4)) {
      const lo = s.charCodeAt(i + 1);
      if (lo === s.charCodeAt(i + 3) && lo === s.charCodeAt(i + 5)) return true;
    }
  }
  return false;
}

/** Splits a normalised post into tokens. Hashtags yield both `#tag` and `tag` so "#fakturakaos" shares grams. */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  // exec on the one global regex (matchAll clones it and builds an iterator per post); no token is empty, so the
  // loop always advances.
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(normalized); m !== null; m = TOKEN_RE.exec(normalized)) {
    const t = m[0];
    if (t.startsWith('#') && t.length > 1) {
      out.push(t, t.slice(1));
    } else if (t.startsWith('!') || t.startsWith('?')) {
      out.push(t.length > 1 ? t.slice(0, 2) : t);
    } else {
      out.push(t);
    }
  }
  return out;
}

function hashStr(seed: number, s: string): number {
  return fmix(fnv1a(s, (FNV1A_OFFSET ^ seed) >>> 0));
}

// murmur3's finaliser: FNV alone leaves the low bits poorly mixed, and buckets are taken from the low bits.
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Where each token's ids sit in `featurize`'s output, for explanations: token i (normalised form `tokens[i]`) owns
 * ids `[ends[i-1] ?? 1, ends[i])` (its word, its bigram with the token before, its character grams). Id 0 is the
 * language marker and the last id the end-of-post bigram; they belong to no token.
 */
export interface TokenMarks {
  tokens: string[];
  ends: number[];
}

/**
 * Feature bucket ids for one post. Appends into `out` (reused across a batch to spare allocations). With `marks`,
 * also records which ids each token produced (the output is the same with or without it).
 */
export function featurize(
  text: string,
  lang: string,
  buckets: number,
  out: number[] = [],
  marks?: TokenMarks,
): number[] {
  const mask = buckets - 1; // buckets is a power of two (checked when weights load)
  const tokens = tokenize(normalize(text));
  out.push(hashStr(NS_LANG, lang) & mask);
  let prev = '<s>';
  for (const tok of tokens) {
    const w = hashStr(NS_WORD, tok);
    out.push(w & mask);
    out.push(hashStr(NS_BIGRAM ^ w, prev) & mask);
    prev = tok;
    if (tok.length >= 2 && LETTER_START.test(tok)) charGrams(tok, mask, out);
    if (marks) {
      marks.tokens.push(tok);
      marks.ends.push(out.length);
    }
  }
  out.push(hashStr(NS_BIGRAM ^ hashStr(NS_WORD, '</s>'), prev) & mask);
  return out;
}

// Rolling FNV over `<word>`: no substring is allocated, which keeps featurising at a few microseconds a post. The
// boundaries are virtual (position 0 is '<', position n-1 is '>'): not even `<word>` is built.
function charGrams(tok: string, mask: number, out: number[]): void {
  const n = tok.length + 2;
  for (let i = 0; i < n - 2; i++) {
    let h = (FNV1A_OFFSET ^ NS_CHAR) >>> 0;
    for (let k = 0; k < 5 && i + k < n; k++) {
      const j = i + k;
      h ^= j === 0 ? 60 : j === n - 1 ? 62 : tok.charCodeAt(j - 1);
      h = Math.imul(h, FNV1A_PRIME);
      if (k >= 2) out.push(fmix(h ^ k) & mask);
    }
  }
}
