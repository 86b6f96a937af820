import type { Analysis } from '@vakt/sentiment/analyze';

/**
 * The lexicon engine (`@vakt/sentiment`, issue 3) as the model sees it: its analysis of a post and the fixed-length
 * feature vector (raw valence, negated and intensified mass, contrast position, emoji valence, caps/exclamation …)
 * that feeds the network, so negation and intensifier handling inform the model instead of being thrown away.
 */
export interface LexiconProvider {
  /** Feature names, in vector order; recorded in the weights manifest and checked at load. */
  readonly names: readonly string[];
  features(text: string, lang?: string): { analysis: Analysis; features: Float32Array };
}

/**
 * The provider backed by `@vakt/sentiment`. `lang` is passed through only when it is one the engine knows.
 * Imported lazily so a missing or broken lexicon build surfaces as one rejected promise the caller can handle.
 */
export async function vaktLexicon(): Promise<LexiconProvider> {
  const { analyze } = await import('@vakt/sentiment/analyze');
  const { lexiconFeatures, LEXICON_FEATURE_NAMES } = await import('@vakt/sentiment/features');
  return {
    names: LEXICON_FEATURE_NAMES,
    features(text, lang) {
      const analysis = analyze(text, lang === 'sv' || lang === 'en' ? { lang } : {});
      return { analysis, features: lexiconFeatures(analysis) };
    },
  };
}

export type { Analysis };
