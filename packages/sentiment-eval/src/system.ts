/** The three labels every system answers with. */
export type Label = 'negative' | 'neutral' | 'positive';
export type EvalLang = 'sv' | 'en';

/** One answer: the label, and a signed score when the system has one (used to break neutral on 2-class sets). */
export interface Prediction {
  label: Label;
  score: number;
}

/**
 * A sentiment system under evaluation or benchmark. Drop a file in `src/systems/` exporting one and list it in
 * `systems/index.ts`. Contract: `scoreBatch` returns exactly one prediction per text, in order, and never throws
 * for any string; `langs` lists the languages it has a real lexicon or model for (others are not run).
 */
export interface SentimentSystem {
  name: string;
  langs: readonly EvalLang[];
  /**
   * Set on third-party systems whose answers never change between runs (a pinned package): the eval caches
   * their predictions in `peer-cache/` so re-runs take seconds. multilang-sentiment fuzzy-matches every word and
   * takes ~75 ms per post. Never set it on Vakt's own systems.
   */
  cacheKey?: string;
  /** Loads models or lexicons; called once before scoring, outside any timing. */
  init?(): Promise<void>;
  scoreBatch(texts: readonly string[], lang: EvalLang): Prediction[] | Promise<Prediction[]>;
}

/** Maps a signed score to a label with a symmetric neutral band. */
export function bySign(score: number, band = 0): Prediction {
  const s = Number.isFinite(score) ? score : 0;
  return { label: s > band ? 'positive' : s < -band ? 'negative' : 'neutral', score: s };
}
