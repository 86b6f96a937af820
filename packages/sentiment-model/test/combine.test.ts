import { describe, expect, it } from 'vitest';
import { combine, DEFAULT_POLICY, type CombinePolicy, type LexiconView } from '../src/combine.js';

const policy: CombinePolicy = { strong: 0.5, polarMargin: 1, ruleMargin: 2, emptyMargin: 1, keep: 0.4 };
const lex = (label: LexiconView['label'], score: number, o: Partial<LexiconView> = {}): LexiconView => ({
  label,
  score,
  evidence: label !== 'neutral',
  structural: false,
  ...o,
});
// z: temperature-scaled logits [neg, neu, pos]; bag: their n-gram part.
const z3 = (neg: number, neu: number, pos: number) => [neg, neu, pos];

describe('combine: the model may not silently overrule explicable lexicon evidence', () => {
  it.each([
    // strong negative lexicon, model says neutral on words worth only 0.5 < 1: the lexicon's label is kept
    ['strong lexicon kept', z3(0, 0.8, 0), z3(0, 0.5, 0), lex('negative', -0.61), 'negative', 'strong-lexicon', false],
    // the same, but the words favour neutral by 1.5 ≥ 1: the model overrules, and the verdict disagrees with the lexicon
    [
      'model overrules with enough word evidence',
      z3(0, 1.6, 0),
      z3(0, 1.5, 0),
      lex('negative', -0.61),
      'neutral',
      undefined,
      true,
    ],
    // weak lexicon (|score| < strong, no rule): no guard at all
    ['weak lexicon, no guard', z3(0, 0.8, 0), z3(0, 0.1, 0), lex('negative', -0.3), 'neutral', undefined, true],
    // a word-order rule (negation flipped a word) needs the larger rule margin, even when the lexicon is weak
    [
      'rule-based lexicon kept',
      z3(1.2, 0, 0),
      z3(1.5, 0, 0),
      lex('positive', 0.3, { structural: true }),
      'positive',
      'word-order-rule',
      false,
    ],
    [
      'rule-based lexicon overruled past the rule margin',
      z3(2.5, 0, 0),
      z3(2.5, 0, 0),
      lex('positive', 0.3, { structural: true }),
      'negative',
      undefined,
      true,
    ],
    // no sentiment word and no rule: a polar model label needs word evidence (news, questions stay neutral)
    [
      'no evidence stays neutral',
      z3(0.9, 0, 0),
      z3(0.2, 0, 0),
      lex('neutral', 0, { evidence: false }),
      'neutral',
      'no-evidence',
      false,
    ],
    [
      'no evidence, words carry it',
      z3(1.5, 0, 0),
      z3(1.4, 0, 0),
      lex('neutral', 0, { evidence: false }),
      'negative',
      undefined,
      true,
    ],
    // lexicon neutral but with evidence (a weak word): the model decides, and the polarity differs → disagreement
    [
      'neutral lexicon with evidence',
      z3(0.9, 0, 0),
      z3(0.2, 0, 0),
      lex('neutral', -0.1, { evidence: true }),
      'negative',
      undefined,
      true,
    ],
    // model and lexicon agree: nothing to guard, no disagreement
    ['agreement', z3(2, 0, 0), z3(0.3, 0, 0), lex('negative', -0.8), 'negative', undefined, false],
  ] as const)('%s', (_name, z, bag, view, label, guardKind, disagreement) => {
    const r = combine(z, bag, view, policy);
    expect(r.label).toBe(label);
    expect(r.guard?.kind).toBe(guardKind);
    expect(r.disagreement).toBe(disagreement);
    expect(r.p[0]! + r.p[1]! + r.p[2]!).toBeCloseTo(1, 6);
    expect(r.score).toBeCloseTo(r.p[2]! - r.p[0]!, 12);
  });

  it('a guard lifts the kept label just enough: it wins by `keep` in logits, no more', () => {
    const r = combine([0, 0.8, 0], [0, 0.5, 0], lex('negative', -0.61), policy);
    expect(r.guard!.lift).toBeCloseTo(0.8 + policy.keep, 12);
    expect(Math.log(r.p[0]! / r.p[1]!)).toBeCloseTo(policy.keep, 5);
  });

  it('disagreement is exactly "the lexicon polarity differs from the final label", for every combination', () => {
    const sign = (l: string) => (l === 'negative' ? -1 : l === 'positive' ? 1 : 0);
    for (const lx of ['negative', 'neutral', 'positive'] as const) {
      for (let a = -2; a <= 2; a += 0.5) {
        for (let b = -2; b <= 2; b += 0.5) {
          const r = combine([a, 0, b], [a / 2, 0, b / 2], lex(lx, sign(lx) * 0.6), DEFAULT_POLICY);
          expect(r.disagreement).toBe(sign(r.label) !== sign(lx));
        }
      }
    }
  });
});
