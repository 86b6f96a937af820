import type { AnalysisToken } from '@vakt/sentiment/analyze';
import type { LogitParts } from './decompose.js';
import type { TokenMarks } from './featurize.js';

/**
 * What each word did to the final verdict, in the units the explanation uses: the polarity push
 * (logit_pos − logit_neg) / temperature. Positive pushes toward positive, negative toward negative.
 */
export interface WordPush {
  /** The normalised token the model read ("xuserx" for a masked name or an @mention). */
  text: string;
  /** UTF-16 offsets into the post, when the token could be located there (a URL or an @mention cannot). */
  start: number;
  end: number;
  push: number;
}

/**
 * The post's tokens with their share of the bag part of the polarity margin (`LogitParts.tokenPush`, which the
 * decomposer computes exactly: n-gram row r adds E[r]·u / n with u the bag's polarity direction), over the
 * temperature. Token pushes plus `rest` (the language marker and the end-of-post bigram) equal the bag part. Tokens
 * are located in `text` in order; those that cannot be found (URLs, @mentions, elongations the featuriser
 * shortened, hashtags) keep start = end = -1.
 */
export function wordPushes(
  parts: LogitParts,
  marks: TokenMarks,
  temperature: number,
  text: string,
): { words: WordPush[]; rest: number } {
  const lower = text.toLowerCase();
  const locatable = lower.length === text.length;
  let cursor = 0;
  const words: WordPush[] = new Array(marks.tokens.length);
  for (let t = 0; t < marks.tokens.length; t++) {
    const tok = marks.tokens[t]!;
    const at = locatable && tok.charCodeAt(0) !== 35 ? lower.indexOf(tok, cursor) : -1;
    if (at >= 0) cursor = at + tok.length;
    words[t] = { text: tok, start: at, end: at >= 0 ? at + tok.length : -1, push: parts.tokenPush[t]! / temperature };
  }
  return { words, rest: parts.restPush / temperature };
}

/** One highlighted span as the pipeline stores it (`ExplanationSpan` in @vakt/schema). */
export interface HighlightSpan {
  start: number;
  end: number;
  /** The token's push on the final verdict (polarity, logits / temperature): negative = toward negative. */
  contribution: number;
  rules: string[];
}

/** Words the model alone moved at least this much get a span even when the lexicon does not know them. */
export const MODEL_WORD_MIN_PUSH = 0.15;

/**
 * The highlights of the final verdict: each lexicon token gets the pushes of the model's tokens inside it plus its
 * share of the lexicon part of the margin, and words only the model knows get a span when their push is large
 * enough. The lexicon part (`lexiconPush`) is shared in proportion to the tokens' lexicon contributions when it
 * points the lexicon's way (those contributions sum to the lexicon's raw score, so the shares sum to the part);
 * when the model reads the lexicon features the other way, no token gets a share (the explanation then shows the
 * part as its own line). Runs for every scored post: scratch arrays are reused, objects are made only for spans.
 */
export function createHighlighter(): (
  tokens: readonly AnalysisToken[],
  raw: number,
  lexiconPush: number,
  parts: LogitParts,
  marks: TokenMarks,
  temperature: number,
  text: string,
) => HighlightSpan[] {
  let starts = new Int32Array(64);
  let used = new Uint8Array(64);
  return (tokens, raw, lexiconPush, parts, marks, temperature, text) => {
    const n = marks.tokens.length;
    if (n > starts.length) {
      starts = new Int32Array(n * 2);
      used = new Uint8Array(n * 2);
    }
    const lower = text.toLowerCase();
    const locatable = lower.length === text.length;
    let cursor = 0;
    for (let t = 0; t < n; t++) {
      const tok = marks.tokens[t]!;
      const at = locatable && tok.charCodeAt(0) !== 35 ? lower.indexOf(tok, cursor) : -1;
      if (at >= 0) cursor = at + tok.length;
      starts[t] = at;
      used[t] = 0;
    }
    const kappa = raw !== 0 && Math.sign(raw) === Math.sign(lexiconPush) ? lexiconPush / raw : 0;
    const spans: HighlightSpan[] = [];
    for (const tk of tokens) {
      if (tk.contribution === 0 && tk.rules.length === 0) continue;
      let push = kappa * tk.contribution;
      for (let t = 0; t < n; t++) {
        const st = starts[t]!;
        if (st >= tk.start && st >= 0 && st + marks.tokens[t]!.length <= tk.end) {
          push += parts.tokenPush[t]! / temperature;
          used[t] = 1;
        }
      }
      spans.push({ start: tk.start, end: tk.end, contribution: push, rules: tk.rules });
    }
    let modelOnly = false;
    for (let t = 0; t < n; t++) {
      const push = parts.tokenPush[t]! / temperature;
      if (used[t] || starts[t]! < 0 || Math.abs(push) < MODEL_WORD_MIN_PUSH) continue;
      spans.push({
        start: starts[t]!,
        end: starts[t]! + marks.tokens[t]!.length,
        contribution: push,
        rules: ['model'],
      });
      modelOnly = true;
    }
    return modelOnly ? spans.sort((x, y) => x.start - y.start) : spans;
  };
}
