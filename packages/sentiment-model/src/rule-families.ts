/**
 * The lexicon's named rules, grouped into the families the combination policy gives their own margins. The lexicon
 * names every rule it applies in `tokens[].rules` (`@vakt/sentiment`); a family is recognised from those names, so a
 * rule keeps its margin however its wording is filled in ("negated by "inte"", "contrast after "dock"").
 *
 * Why families and not one "rule" margin: the model's n-grams see which words occur, not their order, so a rule of
 * word order is evidence the model lacks; but the rules are not equally reliable. Each family's margin is chosen by
 * cross-validation (`cv.ts`), so a family that is right on the development folds protects its verdict and one that
 * is not lets the model decide.
 */
export const RULE_FAMILIES = [
  /** "inte dåligt", "utan problem", "no issues": a negative word negated, or the absence of a problem. */
  'negated-negative',
  /**
   * "inte bra", "knappast bra", "isn't good", "not very good": a positive word negated; also a hedge that judges with
   * nothing to negate ("kan knappast kallas service", "hardly a plan").
   */
  'negated-positive',
  /**
   * "aldrig varit så nöjd", "never been so annoyed": "never … so" intensifies instead of negating, as a modal negation
   * of a comparative does ("couldn't be happier", "kunde inte ha gått bättre").
   */
  'never-so',
  /** "bra personal, dock långa köer", "however": the clause after a contrast carries the verdict. */
  'contrast',
  /** thanks or praise for a failure, applause after one: the praise is read as its opposite. */
  'sarcasm',
  /** a fixed phrase whose sense is not its words' ("tack för ingenting", "ingen fara", "no problem"). */
  'phrase',
  /** an expected service that did not happen ("svarar aldrig", "no reply", "utan svar"). */
  'missing',
  /** a problem that was repaired ("löste problemet", "fixed the login problem"). */
  'repair',
  /** an intensifier on a sentiment word ("väldigt besviken", "fruktansvärt dåligt", "helt värdelöst"). */
  'intensified',
  /** a service that could not be reached or used ("impossible to reach anyone", "can't get through"). */
  'out-of-reach',
  /** a wait that was long ("on hold for 45 minutes", "waited six weeks", "never waited this long"). */
  'long-wait',
  /**
   * a notice, guide, report or how/whether question that names a problem without complaining ("Planerat underhåll: …",
   * "Hur gör man om man har tappat sitt pass?"), or reports what someone else said ("X says no delays are expected"):
   * its problem words are descriptive, so the verdict is neutral.
   */
  'informational',
] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

const PATTERNS: Array<[RuleFamily, RegExp]> = [
  ['negated-negative', /^(negated negative|absence of a negative|double negation)$/],
  ['negated-positive', /^(negated positive|negated intensifier |hedged negation without target$)/],
  ['never-so', /intensifies \(not a negation\)$/],
  ['contrast', /^contrast after /],
  ['sarcasm', /^sarcasm/],
  ['phrase', /^phrase "/],
  ['missing', /^missing "/],
  ['repair', /^repaired by "/],
  ['intensified', /^(boosted by|intensifier-with-negative-word) /],
  ['out-of-reach', /^out of reach \(/],
  ['long-wait', /^long wait \(/],
  ['informational', /^(informational frame|reported): /],
];

/** The bit of `family` in a family mask. */
export const familyBit = (family: RuleFamily): number => 1 << RULE_FAMILIES.indexOf(family);

/** The families named in one token's rules, as a bit mask. */
export function familiesOf(rules: readonly string[]): number {
  let mask = 0;
  for (const r of rules) {
    for (const [family, re] of PATTERNS) if (re.test(r)) mask |= familyBit(family);
  }
  return mask;
}

/** The families in `mask`, in `RULE_FAMILIES` order. */
export const familiesIn = (mask: number): RuleFamily[] => RULE_FAMILIES.filter((f) => (mask & familyBit(f)) !== 0);
