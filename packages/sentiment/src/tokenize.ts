/**
 * A single-pass tokenizer built for the scorer's hot path.
 *
 * Why not wink-nlp's or natural's tokenizer here: the engine must score ≥ 50,000 short posts/s on one core and
 * both libraries cost more per post than all of our scoring (see `pnpm bench:sentiment`, which prints the
 * tokenizers' own throughput next to ours). We still need what they do not give us together: UTF-16 offsets for
 * the dashboard, emoji and emoticons as tokens, URLs, @mentions and #hashtags kept whole, and newlines as
 * sentence breaks. One sticky regex with numbered groups does all of it.
 */

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
// lookahead keeps "kl:a" or ":Det" from turning into emoticons. "8" as eyes is left out: "8:30" is a time.
const EMOTICON =
  String.raw`(?:[:;=][\-o\*'^]?[\)\]\(\[dDpPoO\/\\\|3\*\$@sSxX]+|[\)\]\(\[\/\\dD][\-o\*'^]?[:;=]|<\/?3+|\^_*\^|[oO0]_+[oO0]|-_+-|[tT]_+[tT]|;_+;)(?![\p{L}\p{N}])`;
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
const TOKEN_RE = new RegExp(
  `(${URL})|(${MENTION})|(${HASHTAG})|(${EMOTICON})|(${WORD})|(${EMOJI})|(${PUNCT})|(${BREAK})`,
  'gu',
);
const KINDS: readonly TokenKind[] = ['url', 'mention', 'hashtag', 'emoticon', 'word', 'emoji', 'punct', 'break'];

/**
 * Splits `text` into tokens in order. Whitespace and symbols that carry no meaning for sentiment are skipped.
 * Never throws; lone surrogates and control characters are simply not matched.
 */
export function tokenize(text: string): RawToken[] {
  const out: RawToken[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    let g = 1;
    while (m[g] === undefined) g++;
    const kind = KINDS[g - 1]!;
    const text = m[0];
    out.push({ kind, text, start: m.index, end: m.index + text.length, lower: kind === 'word' || kind === 'hashtag' ? text.toLowerCase() : text });
  }
  return out;
}
