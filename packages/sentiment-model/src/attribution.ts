import type { AnalysisToken } from '@vakt/sentiment/analyze';
import { bagDirection } from './decompose.js';
import type { TokenMarks } from './featurize.js';
import type { NetworkWeights } from './network.js';

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
 * Splits the bag part of the polarity margin over the post's tokens, exactly: n-gram row r adds E[r]·u / n, with
 * u the bag direction's (pos − neg) column over the temperature, so token pushes plus `rest` (the language marker and
 * the end-of-post bigram) equal the bag part. Tokens are located in `text` in order; those that cannot be found
 * (URLs, @mentions, elongations the featuriser shortened) keep start = end = -1.
 */
export function wordPushes(w: NetworkWeights, ids: ArrayLike<number>, marks: TokenMarks, active: Uint8Array, temperature: number, text: string): { words: WordPush[]; rest: number } {
  const m = bagDirection(w, active);
  const n = ids.length || 1;
  const u = new Float32Array(w.dim);
  for (let d = 0; d < w.dim; d++) u[d] = (m[d * 3 + 2]! - m[d * 3]!) / temperature / n;
  const rowPush = (r: number): number => {
    const o = r * w.dim;
    let s = 0;
    if (w.emb.kind === 'f32') for (let d = 0; d < w.dim; d++) s += w.emb.data[o + d]! * u[d]!;
    else {
      for (let d = 0; d < w.dim; d++) s += w.emb.data[o + d]! * u[d]!;
      s *= w.emb.scale[r]!;
    }
    return s;
  };
  const lower = text.toLowerCase();
  const locatable = lower.length === text.length;
  let cursor = 0;
  const words: WordPush[] = [];
  let begin = 1;
  for (let t = 0; t < marks.tokens.length; t++) {
    let push = 0;
    for (let k = begin; k < marks.ends[t]!; k++) push += rowPush(ids[k]!);
    begin = marks.ends[t]!;
    const tok = marks.tokens[t]!;
    const at = locatable && !tok.startsWith('#') ? lower.indexOf(tok, cursor) : -1;
    if (at >= 0) cursor = at + tok.length;
    words.push({ text: tok, start: at, end: at >= 0 ? at + tok.length : -1, push });
  }
  let rest = rowPush(ids[0]!);
  for (let k = begin; k < ids.length; k++) rest += rowPush(ids[k]!);
  return { words, rest };
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
 * The highlights of the final verdict: each lexicon token gets its own word push plus its share of the lexicon part
 * of the margin, and words only the model knows get a span when their push is large enough. The lexicon part
 * (`lexiconPush`) is shared in proportion to the tokens' lexicon contributions when it points the lexicon's way
 * (those contributions sum to the lexicon's raw score, so the shares sum to the part); when the model reads the
 * lexicon features the other way, no token gets a share (the explanation then shows the part as its own line).
 */
export function highlightSpans(tokens: readonly AnalysisToken[], raw: number, lexiconPush: number, words: readonly WordPush[]): HighlightSpan[] {
  const kappa = raw !== 0 && Math.sign(raw) === Math.sign(lexiconPush) ? lexiconPush / raw : 0;
  const spans: HighlightSpan[] = [];
  const used = new Uint8Array(words.length);
  for (const t of tokens) {
    if (t.contribution === 0 && t.rules.length === 0) continue;
    let push = kappa * t.contribution;
    for (let i = 0; i < words.length; i++) {
      const wd = words[i]!;
      if (wd.start >= t.start && wd.end <= t.end && wd.start >= 0) {
        push += wd.push;
        used[i] = 1;
      }
    }
    spans.push({ start: t.start, end: t.end, contribution: push, rules: t.rules });
  }
  words.forEach((wd, i) => {
    if (!used[i] && wd.start >= 0 && Math.abs(wd.push) >= MODEL_WORD_MIN_PUSH) spans.push({ start: wd.start, end: wd.end, contribution: wd.push, rules: ['model'] });
  });
  return spans.sort((a, b) => a.start - b.start);
}
