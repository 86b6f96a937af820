import type { WordPush } from './attribution.js';
import {
  polarHold,
  polarity,
  scoreOf,
  type Combined,
  type CombinePolicy,
  type GuardDecision,
  type LexiconView,
} from './combine.js';
import { lexiconDirection, type LogitParts } from './decompose.js';
import type { NetworkWeights } from './network.js';
import type { RuleFamily } from './rule-families.js';

/**
 * One line of the explanation, in score units (p_pos − p_neg): the lines of a verdict sum to its score.
 * - `prior`: the score of the model's bias alone (what it says about a post it knows nothing of);
 * - `lexicon`: what the model read from the lexicon engine's features (its rules included);
 * - `words`: what it read from the words themselves (hashed word and character n-grams);
 * - `guard`: the lift `combine` gave the lexicon's label when the model's words were not enough to overrule it.
 * `lexicon` and `words` are each one's Shapley share (average of adding it first and last), so they sum exactly.
 */
export interface ExplanationLine {
  part: 'prior' | 'lexicon' | 'words' | 'guard';
  score: number;
  note: string;
}

/** What moved the verdict, to be printed by `vakt explain` and kept by tests. */
export interface Explanation {
  lines: ExplanationLine[];
  /** Polarity margins (logit_pos − logit_neg) / temperature of each part; `total` is their sum. */
  polarity: { bias: number; lexicon: number; words: number; guard: number; total: number };
  /** The lexicon features with the largest pushes (polarity, logits / temperature; relative to the average post). */
  lexiconFeatures: Array<{ name: string; push: number }>;
  /** The words with the largest pushes; the pushes of all words plus `otherWords` equal `polarity.words`. */
  words: WordPush[];
  otherWords: number;
  guard: GuardDecision | undefined;
  /** Set when the final label's polarity differs from the lexicon's: why the model went against it. */
  overrule: string | undefined;
}

const TOP = 6;
const fmt = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** The explanation of one combined verdict. Exact: `lines` sum to `verdict.score` up to float rounding. */
export function explainVerdict(a: {
  w: NetworkWeights;
  parts: LogitParts;
  /** The policy's neutral shift for this post's language (part of the prior). */
  shift: number;
  features: ArrayLike<number>;
  verdict: Combined;
  view: LexiconView;
  words: WordPush[];
  rest: number;
  policy: CombinePolicy;
  lexiconNames: readonly string[];
}): Explanation {
  const { w, parts, verdict } = a;
  const T = w.temperature;
  const at = (b: boolean, l: boolean): number[] =>
    [0, 1, 2].map(
      (c) => (parts.bias[c]! + (l ? parts.lexicon[c]! : 0) + (b ? parts.bag[c]! : 0)) / T + (c === 1 ? a.shift : 0),
    );
  const s0 = scoreOf(at(false, false));
  const sL = scoreOf(at(false, true));
  const sW = scoreOf(at(true, false));
  const sLW = scoreOf(at(true, true));
  const lexShare = (sL - s0 + (sLW - sW)) / 2;
  const wordShare = (sW - s0 + (sLW - sL)) / 2;
  const guardShare = verdict.score - sLW;

  const dir = lexiconDirection(w, parts.active);
  const feats = a.lexiconNames.map((name, j) => {
    const x = ((a.features[j] ?? 0) - w.lexMean[j]!) / w.lexStd[j]!;
    return { name, push: (x * (dir[j * 3 + 2]! - dir[j * 3]!)) / T };
  });
  const topFeats = [...feats].sort((p, q) => Math.abs(q.push) - Math.abs(p.push)).slice(0, TOP);
  const topWords = [...a.words].sort((p, q) => Math.abs(q.push) - Math.abs(p.push)).slice(0, TOP);
  const wordsPolarity = a.words.reduce((s, x) => s + x.push, 0) + a.rest;
  const listed = topWords.reduce((s, x) => s + x.push, 0);
  const g = verdict.guard;
  const guardPolarity = g ? (g.kind !== 'no-evidence' ? polarity(a.view.label) * g.lift : 0) : 0;
  const pol = {
    bias: (parts.bias[2]! - parts.bias[0]!) / T,
    lexicon: (parts.lexicon[2]! - parts.lexicon[0]!) / T,
    words: wordsPolarity,
    guard: guardPolarity,
    total: 0,
  };
  pol.total = pol.bias + pol.lexicon + pol.words + pol.guard;
  const named = (xs: Array<{ text?: string; name?: string; push: number }>): string =>
    xs.map((x) => `${x.text !== undefined ? `'${x.text}'` : x.name} ${fmt(x.push)}`).join(', ');
  const lines: ExplanationLine[] = [
    { part: 'prior', score: s0, note: 'the model on a post it knows nothing about' },
    { part: 'lexicon', score: lexShare, note: `lexicon features: ${named(topFeats.slice(0, 3))}` },
    { part: 'words', score: wordShare, note: `words: ${named(topWords.slice(0, 4))}` },
  ];
  if (g) {
    lines.push({ part: 'guard', score: guardShare, note: guardNote(g, a.view) });
  }
  return {
    lines,
    polarity: pol,
    lexiconFeatures: topFeats,
    words: topWords,
    otherWords: wordsPolarity - listed,
    guard: g,
    overrule: polarity(verdict.label) !== polarity(a.view.label) ? overruleNote(a, verdict) : undefined,
  };
}

const RULE_NAMES: Record<RuleFamily, string> = {
  'negated-negative': 'a negated negative ("inte dåligt", "utan problem")',
  'negated-positive': 'a negated positive ("inte bra", "knappast")',
  'never-so': '"aldrig … så" / "never … so" intensifies',
  contrast: 'the clause after a contrast ("dock", "men", "however")',
  sarcasm: 'sarcasm (thanks or praise for a failure)',
  phrase: 'a fixed phrase',
  missing: 'a missing service ("svarar aldrig", "no reply")',
  repair: 'a repaired problem',
  intensified: 'an intensified sentiment word',
  'out-of-reach': 'a service out of reach ("impossible to reach", "can\'t get through")',
  'long-wait': 'a long wait ("on hold for 45 minutes")',
  informational: 'an informational frame (a notice, guide, report or how-to question)',
};

/** The rule a guard or an overrule is about, in words: the family's name, or the generic word-order rule. */
const ruleName = (rule: RuleFamily | undefined): string =>
  rule ? `the lexicon rule ${RULE_NAMES[rule]}` : 'a word-order rule (see the token table)';

function guardNote(g: GuardDecision, lex: LexiconView): string {
  const why =
    g.kind === 'strong-lexicon'
      ? `the lexicon is sure (${lex.label} ${fmt(lex.score)})`
      : g.kind === 'word-order-rule'
        ? `${ruleName(g.rule)} decided the lexicon's reading (${lex.label} ${fmt(lex.score)}), which word counts cannot see`
        : 'the lexicon found no sentiment word and no rule';
  return `guard: ${why}; the model's words favour ${g.modelLabel} by only ${g.wordEvidence.toFixed(2)} < margin ${g.margin.toFixed(2)}, so the verdict stays ${g.kind === 'no-evidence' ? 'neutral' : lex.label}`;
}

function overruleNote(a: { view: LexiconView; words: WordPush[]; policy: CombinePolicy }, v: Combined): string {
  const toward = polarity(v.label) !== 0 ? polarity(v.label) : -polarity(a.view.label);
  const movers = [...a.words]
    .filter((x) => x.push * toward > 0)
    .sort((p, q) => q.push * toward - p.push * toward)
    .slice(0, 4);
  const words = movers.length
    ? movers.map((x) => `'${x.text}' ${fmt(x.push)}`).join(', ')
    : 'no single word (the lexicon features and the prior decided)';
  const lex = a.view;
  const hold = lex.label === 'neutral' ? undefined : polarHold(lex, a.policy);
  const why =
    lex.label === 'neutral'
      ? `the lexicon found no clear sentiment (${fmt(lex.score)})`
      : hold
        ? hold.margin <= -1e8
          ? `${hold.kind === 'strong-lexicon' ? 'strong lexicon evidence' : ruleName(hold.rule)} (${lex.label} ${fmt(lex.score)}) does not hold the model back in this language: cross-validation found the model more often right against it`
          : `the model's words outweigh ${hold.kind === 'strong-lexicon' ? "the lexicon's strong evidence" : ruleName(hold.rule)} (${lex.label} ${fmt(lex.score)}) by more than its margin ${hold.margin.toFixed(2)}`
        : `the lexicon's evidence is weak (${lex.label} ${fmt(lex.score)}, below ${a.policy.strong.toFixed(2)}) and no rule holds it`;
  return `${v.label}, against the lexicon: ${why}; moved by ${words}`;
}

/** A lexicon-only verdict has one line: the lexicon's own score. */
export function lexiconOnlyExplanation(score: number): Explanation {
  return {
    lines: [{ part: 'lexicon', score, note: 'lexicon only (the model weights did not load)' }],
    polarity: { bias: 0, lexicon: 0, words: 0, guard: 0, total: 0 },
    lexiconFeatures: [],
    words: [],
    otherWords: 0,
    guard: undefined,
    overrule: undefined,
  };
}
