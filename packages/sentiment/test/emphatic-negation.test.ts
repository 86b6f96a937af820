import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { check, contributionOf } from './helpers.js';

// The worked example of README "Add a word, a rule, a language": the Swedish negator "ingalunda" (by no means,
// in svPack.negators) and its rule, emphatic negation (svPack.cues.emphaticNegators, applied in rules.ts).
describe('emphatic negation (rule: emphatic negation "…")', () => {
  // a negator at all: without it in svPack.negators, "ingalunda bra" is praise
  it('sv: ingalunda negates a positive word', () => {
    check(analyze('Svaret var ingalunda bra', { lang: 'sv' }), {
      text: 'Svaret var ingalunda bra',
      label: 'negative',
      rules: { bra: ['negated by "ingalunda"', 'negated positive', 'emphatic negation "ingalunda"'] },
    });
  });

  // emphatic: the flip is total (×-1), stronger than "inte" (×-0.74)
  it('sv: ingalunda negates more fully than inte', () => {
    const plain = contributionOf(analyze('Svaret var inte bra', { lang: 'sv' }), 'bra');
    const emphatic = contributionOf(analyze('Svaret var ingalunda bra', { lang: 'sv' }), 'bra');
    expect(plain).toBeLessThan(0);
    expect(emphatic).toBeLessThan(plain);
  });

  // on a negative word it states an absence, as "inte … alls" does
  it('sv: ingalunda dåligt is a clear positive', () => {
    check(analyze('Bemötandet var ingalunda dåligt', { lang: 'sv' }), {
      text: 'Bemötandet var ingalunda dåligt',
      label: 'positive',
      rules: { dåligt: ['absence of a negative', 'emphatic negation "ingalunda"'] },
    });
  });

  // the rule is the pack's: English has no emphatic negators, "not" stays a plain negation
  it('en: not is no emphatic negation', () => {
    const a = analyze('The answer was not good', { lang: 'en' });
    expect(a.tokens.find((t) => t.text === 'good')!.rules.some((r) => r.startsWith('emphatic'))).toBe(false);
  });
});
