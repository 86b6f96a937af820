import { assertModelLoaded, createSentimentEngine, type SentimentEngine } from '@vakt/sentiment-model/engine';
import type { EvalLang, Prediction, SentimentSystem } from '../system.js';

let engine: SentimentEngine | undefined;

async function load(): Promise<SentimentEngine> {
  engine ??= await createSentimentEngine();
  // The pipeline falls back to lexicon-only when weights are missing; the eval must not report that as "combined".
  assertModelLoaded(engine, 'the shipped sentiment model');
  return engine;
}

const run = (e: SentimentEngine, texts: readonly string[], lang: EvalLang): Prediction[] =>
  e.scoreBatch(texts.map((text) => ({ text, lang }))).map((r) => ({ label: r.label, score: r.score }));

/**
 * Vakt's shipped engine: the learned model over hashed n-grams plus the lexicon engine's features, calibrated.
 * This is what the scorer service runs (`@vakt/sentiment-model/engine`), told the set's language.
 */
export const vaktCombined: SentimentSystem = {
  name: 'vakt (combined)',
  langs: ['sv', 'en'],
  async init() {
    await load();
  },
  scoreBatch: (texts, lang) => (engine ? run(engine, texts, lang) : load().then((e) => run(e, texts, lang))),
};
