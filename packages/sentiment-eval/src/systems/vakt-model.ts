import { assertModelLoaded, createSentimentEngine, type SentimentEngine } from '@vakt/sentiment-model/engine';
import { NGRAM_ONLY_MODEL_DIR } from '@vakt/sentiment-model/model-io';
import type { EvalLang, Prediction, SentimentSystem } from '../system.js';

let engine: SentimentEngine | undefined;

async function load(): Promise<SentimentEngine> {
  engine ??= await createSentimentEngine({ modelDir: NGRAM_ONLY_MODEL_DIR });
  // A silent lexicon-only fallback would print the lexicon's figures under the model's name: refuse instead.
  assertModelLoaded(engine, `model-only weights in ${NGRAM_ONLY_MODEL_DIR}`);
  return engine;
}

const run = (e: SentimentEngine, texts: readonly string[], lang: EvalLang): Prediction[] =>
  e.scoreBatch(texts.map((text) => ({ text, lang }))).map((r) => ({ label: r.label, score: r.score }));

/**
 * The learned model alone: the same network as the shipped one, trained without the lexicon engine's features
 * (hashed word and character n-grams only). Shows what the lexicon features add to the combined engine.
 */
export const vaktModel: SentimentSystem = {
  name: 'vakt (model only)',
  langs: ['sv', 'en'],
  async init() {
    await load();
  },
  scoreBatch: (texts, lang) => (engine ? run(engine, texts, lang) : load().then((e) => run(e, texts, lang))),
};
