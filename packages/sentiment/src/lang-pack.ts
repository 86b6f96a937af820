/**
 * What the rule engine needs to know about one language. `rules.ts` is language-neutral: every word list and
 * every morphological trick lives behind this interface, so adding a language means adding a pack.
 */
export interface LexHit {
  /** Valence on VADER's -4..4 scale. */
  valence: number;
  /** The dictionary form that was found, when it differs from the token ("trevligt" → "trevlig", "kaos" for "kundtjänstkaos"). */
  lemma?: string;
  /** Rules the lookup itself applied, e.g. `compound head "kaos"` or `boosted by "jätte-"`. */
  rules?: string[];
  /** Scalar applied by an intensifying prefix inside the word (jättebra, skitdåligt); 1 when none. */
  scalar?: number;
}

export interface LangPack {
  readonly lang: 'sv' | 'en';
  /** Lower-cased, de-elongated word → sentiment, or undefined when the word carries none. Must be fast and pure. */
  lookup(word: string): LexHit | undefined;
  /** Multi-word expressions: key is words joined by one space; `phraseStarts` holds their first words. */
  readonly phrases: ReadonlyMap<string, number>;
  readonly phraseStarts: ReadonlySet<string>;
  /** Words that negate what follows within the clause ("inte", "not", "utan"). */
  readonly negators: ReadonlySet<string>;
  /** Words after a negator that cancel it: "inte bara", "not only". */
  readonly notOnly: ReadonlySet<string>;
  /** Words after a negator that strengthen it: "inte alls". */
  readonly negationStrengtheners: ReadonlySet<string>;
  /** Intensifiers → extra fraction (0.3 means ×1.3). */
  readonly boosters: ReadonlyMap<string, number>;
  /** Diminishers → multiplier below 1 ("lite" ×0.6). */
  readonly dampeners: ReadonlyMap<string, number>;
  /**
   * Words with their own (often negative) valence that intensify an adjacent sentiment word instead:
   * "fruktansvärt trevligt", "terribly nice". Value is the extra fraction when used so.
   */
  readonly modifierWords: ReadonlyMap<string, number>;
  /** "men", "but": what comes before is down-weighted, what comes after up-weighted. */
  readonly contrastConjunctions: ReadonlySet<string>;
  /** "dock", "however": the clause they sit in is the contrasting one. */
  readonly contrastAdverbs: ReadonlySet<string>;
  /** Words that end a negation scope without contrast ("och", "and", "eftersom"). */
  readonly clauseBreaks: ReadonlySet<string>;
  /** Phrases that mark irony when they appear ("yeah right", "ja visst"): key as in `phrases`. */
  readonly sarcasmPhrases: ReadonlySet<string>;
  /** Negators that in this language may follow the verb they negate ("jag gillar inte"): Swedish V2 order. */
  readonly postVerbNegation: boolean;
}

/** Collapses 3+ repeated letters to one ("sååå" → "så", "braaaa" → "bra"), reporting whether it did. */
export function deElongate(word: string): string {
  // Two letters are kept by the lexicon lookup's second try ("good" has a real double o).
  return word.replace(/(\p{L})\1{2,}/gu, '$1');
}

/** Same as deElongate but keeps two copies, for words with a real double letter ("gooood" → "good"). */
export function deElongate2(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1$1');
}
