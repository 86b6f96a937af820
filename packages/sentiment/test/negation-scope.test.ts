import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { check, contributionOf, runCases as run } from './helpers.js';

// Negation readings beyond VADER's window (rules-negation.ts), the negated-positive floor, and the sarcasm patterns
// "Tack för det, …", "Love waiting …" and applause with ironic praise. Each case fails without its rule; the
// sentences are new, not taken from the phenomena sets in @vakt/sentiment-eval.

describe('a modal negation of a comparative intensifies (rule: "… intensifies (not a negation)")', () => {
  run('sv', [
    { text: 'Bemötandet kunde inte ha varit trevligare', label: 'positive', rules: { trevligare: ['intensifies'] } },
    { text: 'Handläggningen kan knappast bli sämre', label: 'negative', rules: { sämre: ['intensifies'] } },
  ]);
  run('en', [
    { text: "Couldn't be prouder of our local office", label: 'positive', rules: { prouder: ['intensifies'] } },
    { text: 'The helpline could not be worse', label: 'negative', rules: { worse: ['intensifies'] } },
  ]);
  it('is no intensifier without a modal, after an absence word, or in a question', () => {
    // "blir knappast bättre" is a plain negation; "no worse than" quantifies; "Couldn't it be better?" proposes
    check(analyze('Det blir knappast bättre med nya systemet', { lang: 'sv' }), {
      text: '',
      label: 'negative',
      rules: { bättre: ['negated positive'] },
    });
    const noWorse = analyze('It would be no worse than last year', { lang: 'en' });
    expect(noWorse.tokens.find((t) => t.text === 'worse')!.rules.join()).not.toContain('intensifies');
    const asked = analyze("Couldn't the form be better?", { lang: 'en' });
    expect(asked.tokens.find((t) => t.text === 'better')!.rules.join()).not.toContain('intensifies');
  });
});

describe('"at all"/"alls" reaches its negator past the window (rule: "… reaches back to …")', () => {
  run('en', [
    {
      text: "We didn't find the new booking page useful at all",
      label: 'negative',
      rules: { useful: ['"at all" reaches back to "didn\'t"', 'negated positive'] },
    },
  ]);
  run('sv', [
    {
      text: 'Handläggaren var inte på något vis hjälpsam alls',
      label: 'negative',
      rules: { hjälpsam: ['"alls" reaches back to "inte"', 'negated positive'] },
    },
  ]);
  it('gives the reached negator no valence of its own', () => {
    const a = analyze("We didn't find the new booking page useful at all", { lang: 'en' });
    expect(contributionOf(a, "didn't")).toBe(0);
  });
});

describe('a hedge with nothing to negate judges (rule: "hedged negation without target")', () => {
  run('sv', [
    {
      text: 'Det där kan knappast kallas en plan',
      label: 'negative',
      rules: { knappast: ['hedged negation without target'] },
    },
  ]);
  run('en', [
    { text: 'That can hardly be called a plan', label: 'negative', rules: { hardly: ['hedged'] } },
    // a plain "not" with no target stays the weaker bare negation
    { text: 'The office is not open on Sundays', label: 'neutral', rules: { not: ['negation without target'] } },
  ]);
  it('"never" with a degree word and no sentiment word negates nothing', () => {
    const a = analyze('Aldrig har så många ansökt om pass som i år', { lang: 'sv' });
    expect(a.label).toBe('neutral');
    expect(contributionOf(a, 'Aldrig')).toBe(0);
  });
});

describe('a negated positive is at least a mild complaint (rule: "negated positive")', () => {
  run('sv', [{ text: 'Svaret vi fick var inte okej', label: 'negative', rules: { okej: ['negated positive'] } }]);
  run('en', [{ text: 'Their answer was not ok', label: 'negative', rules: { ok: ['negated positive'] } }]);
});

describe('sarcasm: thanks for a pointer, praise of an activity, applause with ironic praise', () => {
  run('sv', [
    {
      text: 'Tack för det, nu är bokningen borta igen',
      label: 'negative',
      rules: { Tack: ['sarcasm: praise before a complaint'] },
    },
    {
      text: 'Perfekt, fjärde gången blanketten försvinner 👏',
      label: 'negative',
      rules: { Perfekt: ['sarcasm: praise before a complaint'], '👏': ['sarcasm: "👏" with ironic praise'] },
    },
  ]);
  run('en', [
    {
      text: 'Thanks for that, the payment page crashed again',
      label: 'negative',
      rules: { Thanks: ['sarcasm: praise before a complaint'] },
    },
    { text: 'Thanks for that, the new form works nicely', label: 'positive', notRules: { Thanks: ['sarcasm'] } },
    {
      text: 'Love queuing on hold for an hour',
      label: 'negative',
      rules: { Love: ['sarcasm: praise before a complaint'] },
    },
    // "Lovely" is no verb of liking: "Lovely seeing everyone" is sincere even before a complaint word
    { text: 'Lovely seeing everyone at the awful old venue', label: 'neutral', notRules: { Lovely: ['sarcasm'] } },
  ]);
});

describe('sarcasm: praise between ironic praise and its failure joins the irony (rule: "sarcasm: praise within …")', () => {
  run('sv', [
    {
      text: 'Snyggt, ni lyckades förstöra hela min bokning',
      label: 'negative',
      rules: { Snyggt: ['praise before a complaint'], lyckades: ['sarcasm: praise within ironic praise'] },
    },
  ]);
  run('en', [
    {
      text: 'Oh wow, what wonderful support, a 50 minute queue',
      label: 'negative',
      rules: { wonderful: ['sarcasm: praise within ironic praise'] },
    },
    // the praise words include "impressive" ("Imponerande," in Swedish)
    { text: 'Impressive, the booking system crashed again', label: 'negative', rules: { Impressive: ['sarcasm'] } },
    // other praise that is not part of the exclamation still ends the search: sincere
    { text: 'Well done, lovely to see the office open again', label: 'positive', notRules: { lovely: ['sarcasm'] } },
  ]);
});

describe('help that did not help is a missing service (rule: "missing …")', () => {
  run('sv', [{ text: 'Handläggaren hjälpte oss inte', label: 'negative', rules: { hjälpte: ['missing "hjälpte"'] } }]);
});

describe('an adjective of degree intensifies its noun (rule: "boosted by …")', () => {
  run('en', [
    {
      text: 'Polite staff, but the booking system is a total mess',
      label: 'negative',
      rules: { mess: ['boosted by "total"'] },
    },
  ]);
});
