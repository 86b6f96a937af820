import { createHash } from 'node:crypto';
import type { Analysis } from '@vakt/sentiment/analyze';
import type { LexiconView } from './combine.js';
import { familiesOf, familyBit } from './rule-families.js';

/**
 * The lexicon engine (`@vakt/sentiment`) as the model sees it: its analysis of a post and the fixed-length
 * feature vector (raw valence, negated and intensified mass, contrast position, emoji valence, caps/exclamation …)
 * that feeds the network, so negation and intensifier handling inform the model instead of being thrown away.
 */
export interface LexiconProvider {
  /** Feature names, in vector order; recorded in the weights manifest and checked at load. */
  readonly names: readonly string[];
  /** `overrides`: a deployment's domain words (lower-cased form → valence), as `analyze` takes them. */
  features(
    text: string,
    lang?: string,
    overrides?: ReadonlyMap<string, number>,
  ): { analysis: Analysis; features: Float32Array };
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
    features(text, lang, overrides) {
      const analysis = analyze(text, {
        ...(lang === 'sv' || lang === 'en' ? { lang } : {}),
        ...(overrides ? { overrides } : {}),
      });
      return { analysis, features: lexiconFeatures(analysis) };
    },
  };
}

// Fixed probe posts covering the rules the features summarise (negation, intensifiers, contrast, emoji, caps).
const PROBES: Array<[string, 'sv' | 'en']> = [
  ['Det är inte otrevligt', 'sv'],
  ['Det var fruktansvärt trevligt!', 'sv'],
  ['Skitbra app men kundtjänsten är usel 😡', 'sv'],
  ['Tack för att ni tappade min ansökan igen, grymt jobbat 👏', 'sv'],
  ['#fakturakaos IGEN', 'sv'],
  ['inte så bra', 'sv'],
  ['not very good, but the staff were LOVELY :)', 'en'],
  ['I love it!!!', 'en'],
  ['meh', 'en'],
  ['Worst. Service. Ever.', 'en'],
];

/**
 * A fingerprint of the lexicon engine's behaviour: sha256 of its features on fixed probe posts. Recorded in the
 * model manifest; the engine warns when the running lexicon differs (the model still works, but was trained on
 * other feature values and should be retrained).
 */
export function lexiconFingerprint(lexicon: LexiconProvider): string {
  const h = createHash('sha256').update(lexicon.names.join(','));
  for (const [text, lang] of PROBES) h.update(Buffer.from(lexicon.features(text, lang).features.buffer));
  return h.digest('hex').slice(0, 16);
}

export type { Analysis };

// Rules about form, not sentiment: a question mark or a URL is no evidence that a post is positive or negative.
const FORMAT_RULE = /^(question|exclamation|all-caps|elongation|ignored: )/;

/** The family of frames that make problem words descriptive: it explains a neutral verdict, not a polar one. */
const DESCRIPTIVE_FRAME = familyBit('informational');

/**
 * What `combine` reads from an analysis: the lexicon's label and score, whether it saw any evidence at all (a word
 * with a contribution or a rule other than punctuation, caps and ignored tokens), whether a word-order rule shaped
 * it, and which named rule families (`rule-families.ts`) acted on the words that carry its label.
 * "Structural" is read from what rules did, not from their names: a token whose sign a rule flipped (negation,
 * sarcasm, "utan problem"), a clause a contrast demoted, or evidence a rule supplied where the word itself has no
 * valence (an emoji or a deployment override is not a rule of word order).
 */
export function lexiconView(a: Pick<Analysis, 'label' | 'score' | 'tokens'> & { lang?: string }): LexiconView {
  let evidence = false;
  let structural = false;
  let rules = 0;
  const sign = a.label === 'negative' ? -1 : a.label === 'positive' ? 1 : 0;
  for (const t of a.tokens) {
    if (t.contribution !== 0 || t.rules.some((r) => !FORMAT_RULE.test(r))) evidence = true;
    // A frame that made a word descriptive ("Driftstörning: …") leaves it at 0; its family explains a neutral verdict.
    if (sign === 0 && t.contribution === 0) rules |= familiesOf(t.rules) & DESCRIPTIVE_FRAME;
    if (t.contribution === 0 || t.rules.length === 0) continue;
    // Only the rules on words that carry the label explain it ("bra" before a contrast does not).
    if (sign !== 0 && Math.sign(t.contribution) === sign) rules |= familiesOf(t.rules);
    if (t.valence !== 0 && Math.sign(t.valence) !== Math.sign(t.contribution)) structural = true;
    else if (t.rules.some((r) => /contrast/.test(r))) structural = true;
    else if (
      t.valence === 0 &&
      t.rules.some((r) => !FORMAT_RULE.test(r) && !/^(emoji|emoticon|repeated emoji|deployment override)$/.test(r))
    )
      structural = true;
  }
  return { label: a.label, score: a.score, evidence, structural, rules, lang: a.lang ?? 'other' };
}
