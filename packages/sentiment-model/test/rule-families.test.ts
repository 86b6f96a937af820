import { describe, expect, it } from 'vitest';
import { combine, type CombinePolicy, type LexiconView } from '../src/combine.js';
import { lexiconView, vaktLexicon } from '../src/lexicon.js';
import { familiesIn, familyBit } from '../src/rule-families.js';

describe("rule families: which named lexicon rules carry the lexicon's label", () => {
  it.each([
    // a negated positive carries the negative reading
    ['Det var inte bra alls', 'sv', ['negated-positive']],
    ["This isn't good", 'en', ['negated-positive']],
    // "knappast" negates like "inte"
    ['Knappast någon bra service', 'sv', ['negated-positive']],
    // the absence of a problem carries the positive reading
    ['Det gick utan problem', 'sv', ['negated-negative']],
    // an intensifier on the word that carries the label
    ['Väldigt besviken på beskedet idag.', 'sv', ['intensified']],
    // a fixed phrase whose sense is not its words'
    ['Tack för ingenting!', 'sv', ['phrase']],
    // "aldrig … så" intensifies
    ['Har aldrig varit så irriterad', 'sv', ['never-so', 'intensified']],
    // only the clause after "dock" carries the label: "Bra" before the contrast names nothing
    ['Bra personal, dock alldeles för långa köer', 'sv', ['contrast', 'intensified']],
    // a service out of reach, a long wait: complaints without a sentiment word
    ['Impossible to reach anyone at the office', 'en', ['out-of-reach']],
    ['On hold for 45 minutes', 'en', ['phrase', 'long-wait']],
    // Swedish reach verbs read after their negator, and a service that refuses
    ['Jag kommer inte in på mina sidor', 'sv', ['out-of-reach']],
    ['BankID vägrar starta', 'sv', ['out-of-reach']],
    // a negator after "fortfarande"/"still" states a missing service
    ['Beslutet har fortfarande inte kommit', 'sv', ['missing']],
    ['My claim is still not sorted', 'en', ['missing']],
    // a contrast clause that says the matter came right; the past of "take" with a long unit
    ['Slow start, but it got sorted in the end', 'en', ['contrast']],
    ['The decision took four months', 'en', ['long-wait']],
    // a quoted reassurance before a failure is ironic
    ['They said no problem, then lost my file', 'en', ['sarcasm', 'phrase']],
    // a concession gives way to the main clause, which carries the label as a contrast does
    ['Although the staff were friendly, the wait was awful.', 'en', ['contrast']],
    // a hedge with nothing to negate judges, as a negated positive does
    ['Det kan knappast kallas en plan', 'sv', ['negated-positive']],
    // a modal negation of a comparative intensifies, as "aldrig … så" does
    ["Couldn't be prouder of the team", 'en', ['never-so']],
    // a notice and a how-to question name problems without complaining
    ['Ny rapport: fler klagomål på kollektivtrafiken under hösten', 'sv', ['informational']],
    ['How do I get a refund for a cancelled train?', 'en', ['informational']],
    // no rule at all
    ['Anna Berg intervjuas i Ekot', 'sv', []],
  ] as const)('%s', async (text, lang, families) => {
    const lexicon = await vaktLexicon();
    const view = lexiconView(lexicon.features(text, lang).analysis);
    expect(familiesIn(view.rules ?? 0)).toEqual(families);
    expect(view.lang).toBe(lang);
  });
});

describe('combine: each rule family holds the model back by its own margin', () => {
  const policy: CombinePolicy = {
    strong: 0.5,
    polarMargin: 0,
    polarMarginSv: 1.5,
    ruleMargin: 0,
    emptyMargin: 1,
    keep: 0.4,
    ruleMargins: { 'negated-positive': 2, sarcasm: -1e9 },
  };
  const view = (o: Partial<LexiconView>): LexiconView => ({
    label: 'negative',
    score: -0.3,
    evidence: true,
    structural: true,
    lang: 'en',
    ...o,
  });
  // the model says neutral on words worth 1.2 over the lexicon's negative
  const z = [0, 1.3, 0];
  const bag = [0, 1.2, 0];

  it("a negated positive with margin 2 keeps the lexicon's label, and the guard names the rule", () => {
    const r = combine(z, bag, view({ rules: familyBit('negated-positive') }), policy);
    expect(r.label).toBe('negative');
    expect(r.guard).toMatchObject({ kind: 'word-order-rule', rule: 'negated-positive', margin: 2 });
  });

  it('a family switched off (−1e9) lets the model decide, although a rule shaped the reading', () => {
    const r = combine(z, bag, view({ rules: familyBit('sarcasm') }), policy);
    expect(r.label).toBe('neutral');
    expect(r.guard).toBeUndefined();
    expect(r.disagreement).toBe(true);
  });

  it('a structural reading with no family margin falls back to `ruleMargin`', () => {
    expect(combine(z, bag, view({ rules: 0 }), policy).label).toBe('neutral');
    expect(combine(z, bag, view({ rules: 0 }), { ...policy, ruleMargin: 1.5 }).guard).toMatchObject({
      kind: 'word-order-rule',
      margin: 1.5,
    });
  });

  it('strong lexicon evidence uses the margin of its language', () => {
    const strong = { structural: false, rules: 0, score: -0.6 };
    expect(combine(z, bag, view({ ...strong, lang: 'en' }), policy).label).toBe('neutral');
    expect(combine(z, bag, view({ ...strong, lang: 'sv' }), policy).guard).toMatchObject({
      kind: 'strong-lexicon',
      margin: 1.5,
    });
  });

  it('the largest applicable margin holds', () => {
    const r = combine(
      z,
      bag,
      view({ score: -0.6, lang: 'sv', rules: familyBit('negated-positive') | familyBit('sarcasm') }),
      policy,
    );
    expect(r.guard).toMatchObject({ rule: 'negated-positive', margin: 2 });
  });
});
