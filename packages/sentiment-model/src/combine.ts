import { LABELS, type Label } from './data.js';
import { N_CLASSES } from './network.js';
import { familiesIn, type RuleFamily } from './rule-families.js';

/**
 * How the model's verdict and the lexicon's are combined: one verdict, one explanation.
 *
 * The model proposes a label from its logits (bias + lexicon-feature part + n-gram part, see `decompose.ts`). It may
 * go against the lexicon only when its own evidence, the n-gram (bag) part, favours its label over the lexicon's by
 * at least a margin; otherwise the guard keeps the lexicon's label and says so in the explanation:
 *
 * - **strong polar lexicon evidence** (lexicon label negative/positive and |lexicon score| ≥ `strong`): a different
 *   model label needs bag[model] − bag[lexicon] ≥ the polar margin of the post's language (`polarMarginSv` for
 *   Swedish, `polarMargin` otherwise: the model learned Swedish words from far fewer posts than English ones).
 * - **a named lexicon rule carries the label** (negated negative, negated positive, "aldrig … så", contrast,
 *   sarcasm, a fixed phrase, a missing service, a repair, an intensifier: `rule-families.ts`): a different label
 *   needs bag[model] − bag[lexicon] ≥ that family's margin (`ruleMargins`), at any lexicon strength. The model's
 *   n-grams cannot see word order; each family's margin is chosen on its own, so only rules that are right on the
 *   development data hold the model back. A word-order rule with no margin of its own falls back to `ruleMargin`.
 * - **no sentiment evidence at all** (the lexicon found no word with a contribution and applied no rule): a polar
 *   model label needs bag[model] − bag[neutral] ≥ `emptyMargin`. News, questions and announcements stay neutral
 *   unless the words themselves carry evidence.
 *
 * When several apply, the largest margin holds. A margin of −1e9 never holds the model back, +1e9 always does.
 *
 * When the guard fires, the lexicon's label gets the smallest logit lift that makes it win by `keep` (logits /
 * temperature): the score moves no further than needed, and the lift is its own explanation line. The settings
 * are chosen by cross-validation on the training rows (`cv-main.ts`); the shipped values sit in the manifest.
 */
export interface CombinePolicy {
  strong: number;
  polarMargin: number;
  /** The polar margin for Swedish posts; `polarMargin` when absent. */
  polarMarginSv?: number;
  ruleMargin: number;
  /** Per rule family; a family without one falls back to `ruleMargin` when it changed word order's reading. */
  ruleMargins?: Partial<Record<RuleFamily, number>>;
  emptyMargin: number;
  keep: number;
  /**
   * Added to the neutral logit (/ temperature) of Swedish and English posts before anything else: the decision
   * threshold between "neutral" and a polar label, per language, chosen by CV like the rest (part of the prior line).
   */
  neutralShiftSv?: number;
  neutralShiftEn?: number;
}

/** The neutral shift of `policy` for a post in `lang`. */
export const neutralShift = (policy: CombinePolicy, lang: string): number =>
  lang === 'sv' ? (policy.neutralShiftSv ?? 0) : lang === 'en' ? (policy.neutralShiftEn ?? 0) : 0;

/** Used when a manifest predates the policy (and by tests): the CV's choice is recorded in `model/manifest.json`. */
export const DEFAULT_POLICY: CombinePolicy = { strong: 0.5, polarMargin: 1, ruleMargin: 2, emptyMargin: 1, keep: 0.4 };

/** No guard at all: the model's own argmax (the n-gram-only ablation, which has no lexicon reading to keep). */
export const NO_GUARD: CombinePolicy = {
  strong: Infinity,
  polarMargin: -Infinity,
  ruleMargin: -Infinity,
  emptyMargin: -Infinity,
  keep: 0,
};

/** What the combination needs from the lexicon's analysis. */
export interface LexiconView {
  label: Label;
  score: number;
  /** Some token carried a contribution or a rule fired. */
  evidence: boolean;
  /** A word-order rule shaped the lexicon's score (see `lexiconView`). */
  structural: boolean;
  /** The rule families (bit mask, `rule-families.ts`) that acted on the words carrying the lexicon's label. */
  rules?: number;
  /** The post's language ('sv' | 'en' | 'other'). */
  lang?: string;
}

/** Why the guard kept the lexicon's label: which evidence, how much the model's words had, and the margin. */
export interface GuardDecision {
  kind: 'strong-lexicon' | 'word-order-rule' | 'no-evidence';
  /** The rule family whose margin held (kind 'word-order-rule'); absent for the fallback `ruleMargin`. */
  rule?: RuleFamily;
  /** The label the model alone would have given. */
  modelLabel: Label;
  /** bag[model label] − bag[kept label], in logits / temperature. */
  wordEvidence: number;
  margin: number;
  /** Added to the kept label's logit (logits / temperature). */
  lift: number;
}

export interface Combined {
  label: Label;
  /** Probabilities after the guard, [neg, neu, pos]. */
  p: Float32Array;
  score: number;
  confidence: number;
  guard: GuardDecision | undefined;
  /** The lexicon's polarity and the final label differ. */
  disagreement: boolean;
}

const argmax = (z: ArrayLike<number>): number => {
  let b = 0;
  for (let c = 1; c < N_CLASSES; c++) if (z[c]! > z[b]!) b = c;
  return b;
};

/** Softmax of z (already divided by the temperature) into `out`. */
export function softmax(z: ArrayLike<number>, out: Float32Array = new Float32Array(N_CLASSES)): Float32Array {
  const m = Math.max(z[0]!, z[1]!, z[2]!);
  let s = 0;
  for (let c = 0; c < N_CLASSES; c++) s += out[c] = Math.exp(z[c]! - m);
  for (let c = 0; c < N_CLASSES; c++) out[c]! /= s;
  return out;
}

/** p_pos − p_neg of softmax(z). */
export const scoreOf = (z: ArrayLike<number>): number => {
  const p = softmax(z);
  return p[2]! - p[0]!;
};

/** The sign of a label: −1, 0, 1. */
export const polarity = (l: Label): number => (l === 'negative' ? -1 : l === 'positive' ? 1 : 0);

/**
 * The final verdict from the temperature-scaled logits `z` (= logits / T) and their bag part `bag` (also / T).
 * Pure and allocation-light: the engine calls it for every post, the CV for every setting.
 */
export function combine(
  z: ArrayLike<number>,
  bag: ArrayLike<number>,
  lex: LexiconView,
  policy: CombinePolicy,
): Combined {
  const m = argmax(z);
  const x = LABELS.indexOf(lex.label);
  let kept = -1;
  let kind: GuardDecision['kind'] = 'strong-lexicon';
  let rule: RuleFamily | undefined;
  let margin = -Infinity;
  if (lex.label !== 'neutral' && m !== x) {
    const held = polarHold(lex, policy);
    if (held) ({ kind, rule, margin } = held);
    if (held) kept = x;
  } else if (lex.label === 'neutral' && !lex.evidence && m !== 1) {
    kept = 1;
    kind = 'no-evidence';
    margin = policy.emptyMargin;
  }
  const wordEvidence = kept >= 0 ? bag[m]! - bag[kept]! : 0;
  let guard: GuardDecision | undefined;
  const zz = new Float64Array(3);
  for (let c = 0; c < N_CLASSES; c++) zz[c] = z[c]!;
  if (kept >= 0 && wordEvidence < margin) {
    const lift = z[m]! - z[kept]! + policy.keep;
    zz[kept]! += lift;
    guard = { kind, ...(rule ? { rule } : {}), modelLabel: LABELS[m]!, wordEvidence, margin, lift };
  }
  const p = softmax(zz);
  const best = argmax(p);
  const label = LABELS[best]!;
  return {
    label,
    p,
    score: p[2]! - p[0]!,
    confidence: p[best]!,
    guard,
    disagreement: polarity(label) !== polarity(lex.label),
  };
}

/**
 * The margin that holds a polar lexicon label against the model, and what it rests on: the largest of the polar
 * margin (strong lexicon), the margins of the rule families on its words, and the fallback rule margin (a
 * word-order rule without a family margin). Undefined when nothing holds it (weak evidence, no rule).
 */
export function polarHold(
  lex: LexiconView,
  policy: CombinePolicy,
): { kind: GuardDecision['kind']; rule: RuleFamily | undefined; margin: number } | undefined {
  let best: { kind: GuardDecision['kind']; rule: RuleFamily | undefined; margin: number } | undefined;
  const offer = (kind: GuardDecision['kind'], rule: RuleFamily | undefined, margin: number): void => {
    if (!best || margin > best.margin) best = { kind, rule, margin };
  };
  if (Math.abs(lex.score) >= policy.strong)
    offer(
      'strong-lexicon',
      undefined,
      lex.lang === 'sv' ? (policy.polarMarginSv ?? policy.polarMargin) : policy.polarMargin,
    );
  let ownMargin = false;
  if (lex.rules && policy.ruleMargins) {
    for (const f of familiesIn(lex.rules)) {
      const mf = policy.ruleMargins[f];
      if (mf === undefined) continue;
      ownMargin = true;
      offer('word-order-rule', f, mf);
    }
  }
  if (lex.structural && !ownMargin) offer('word-order-rule', undefined, policy.ruleMargin);
  return best;
}
