import { LABELS, type Example, type Label } from './data.js';
import { prepare } from './dataset.js';
import { predictLogits } from './evaluate.js';
import type { LexiconProvider } from './lexicon.js';
import { N_CLASSES, type NetworkWeights } from './network.js';

/**
 * Hand-written posts for the phenomena our users named as hard for simple tools (sarcasm, double negation,
 * positive judgements in negative words, Swedish intensifiers and compounds). Not training data and not used
 * for selection: the model card reports how the shipped model and the lexicon each answer them, so the known
 * failure modes are measured rather than guessed.
 */
export const PROBES: ReadonlyArray<{ phenomenon: string; text: string; lang: 'sv' | 'en'; expected: Label }> = [
  {
    phenomenon: 'sarcasm',
    text: 'Tack för att ni tappade min ansökan igen, grymt jobbat 👏',
    lang: 'sv',
    expected: 'negative',
  },
  { phenomenon: 'sarcasm', text: 'Ja visst, snabb leverans... tre veckor 🙄', lang: 'sv', expected: 'negative' },
  {
    phenomenon: 'sarcasm',
    text: 'Oh great, my flight got cancelled again. Love it.',
    lang: 'en',
    expected: 'negative',
  },
  { phenomenon: 'double negation', text: 'Det är inte otrevligt', lang: 'sv', expected: 'positive' },
  { phenomenon: 'double negation', text: 'inte helt fel', lang: 'sv', expected: 'positive' },
  { phenomenon: 'negated problem', text: 'Ingen fara, det löste sig utan problem', lang: 'sv', expected: 'positive' },
  {
    phenomenon: 'intensifier in a negative word',
    text: 'Det var fruktansvärt trevligt',
    lang: 'sv',
    expected: 'positive',
  },
  { phenomenon: 'intensifier prefix', text: 'Skitbra bemötande i kundtjänst!', lang: 'sv', expected: 'positive' },
  { phenomenon: 'intensifier prefix', text: 'Skitdålig app, kraschar hela tiden', lang: 'sv', expected: 'negative' },
  { phenomenon: 'compound', text: 'Fakturastrul och kundtjänstkaos igen', lang: 'sv', expected: 'negative' },
  { phenomenon: 'contrast', text: 'Appen är snygg men den fungerar inte', lang: 'sv', expected: 'negative' },
  { phenomenon: 'negated intensifier', text: 'not very good', lang: 'en', expected: 'negative' },
  {
    phenomenon: 'plain negative',
    text: 'Worst customer service ever, still waiting for my refund',
    lang: 'en',
    expected: 'negative',
  },
  { phenomenon: 'plain positive', text: 'Supersnabb leverans, tack! 😊', lang: 'sv', expected: 'positive' },
  { phenomenon: 'neutral', text: 'Fakturan kom i dag', lang: 'sv', expected: 'neutral' },
  { phenomenon: 'neutral', text: 'The store opens at 10 tomorrow', lang: 'en', expected: 'neutral' },
];

/** One probe's outcome: what the model (argmax) and the lexicon said. */
export interface ProbeResult {
  phenomenon: string;
  text: string;
  expected: Label;
  model: Label;
  lexicon: Label;
}

/** Runs the probes through the given weights and the lexicon (the model's inputs come from the same lexicon). */
export function runProbes(w: NetworkWeights, lexicon: LexiconProvider | undefined): ProbeResult[] {
  const examples: Example[] = PROBES.map((p, i) => ({
    id: `probe:${i}`,
    text: p.text,
    lang: p.lang,
    label: p.expected,
    split: 'dev',
    set: 'probe',
    polarityOnly: false,
  }));
  const logits = predictLogits(w, prepare(examples, w.buckets, w.nLex > 0 ? lexicon : undefined));
  return PROBES.map((p, i) => {
    let best = 0;
    for (let c = 1; c < N_CLASSES; c++) if (logits[i * N_CLASSES + c]! > logits[i * N_CLASSES + best]!) best = c;
    return {
      ...p,
      model: LABELS[best]!,
      lexicon: lexicon ? lexicon.features(p.text, p.lang).analysis.label : 'neutral',
    };
  });
}
