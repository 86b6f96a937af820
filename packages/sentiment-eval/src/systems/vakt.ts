import { analyze } from '@vakt/sentiment/analyze';
import type { SentimentSystem } from '../system.js';

/** Vakt's lexicon-and-rules engine, told the set's language (as a deployment's watch would). */
export const vakt: SentimentSystem = {
  name: 'vakt (lexicon+rules)',
  langs: ['sv', 'en'],
  scoreBatch: (texts, lang) =>
    texts.map((t) => {
      const a = analyze(t, { lang });
      return { label: a.label, score: a.score };
    }),
};

/** The same engine with language detection instead of a given language: what `vakt score` does without `lang`. */
export const vaktDetect: SentimentSystem = {
  name: 'vakt (auto lang)',
  langs: ['sv', 'en'],
  scoreBatch: (texts) =>
    texts.map((t) => {
      const a = analyze(t);
      return { label: a.label, score: a.score };
    }),
};
