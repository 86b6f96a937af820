import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { check, contributionOf } from './helpers.js';

// A contrast that turns a state placed at the start, and a problem repaired in the passive. Each case fails without
// its rule; the sentences are new, not taken from the phenomena sets in @vakt/sentiment-eval.
describe('a contrast turns a state placed at the start (rule: "contrast after … turns what was so …")', () => {
  it('sv: "i början" before "men" with nothing said after reverses the start', () => {
    check(analyze('Det var jobbigt och krångligt i början, men handläggaren tog tag i saken', { lang: 'sv' }), {
      text: '',
      label: 'positive',
      rules: { jobbigt: ['contrast after "men" turns what was so "början"'] },
    });
  });
  it('en: "at first" before "however" in the next sentence reverses the start', () => {
    check(
      analyze('The forms were a nightmare at first. However, the adviser walked me through them.', { lang: 'en' }),
      {
        text: '',
        label: 'positive',
        rules: { nightmare: ['turns what was so "first"'] },
      },
    );
  });
  it('keeps the usual contrast when the clause after it carries a word, or when no time word places the start', () => {
    const stated = analyze('Friendly at first, but then the app crashed', { lang: 'en' });
    expect(stated.label).toBe('negative');
    const untimed = analyze('Det var jobbigt, men handläggaren tog tag i saken', { lang: 'sv' });
    expect(untimed.tokens.find((t) => t.text === 'jobbigt')!.rules).toContain('before contrast "men"');
    // "first" alone is an ordinal, not a time word: "my first game, but …"
    const ordinal = analyze('Awful first game of the season but we go again', { lang: 'en' });
    expect(ordinal.tokens.find((t) => t.text === 'Awful')!.rules.join()).not.toContain('turns');
  });
});

describe('a problem repaired in the passive is no complaint (rule: "repaired by …")', () => {
  it('sv: "felet är åtgärdat"', () => {
    const a = analyze('Felet är åtgärdat nu', { lang: 'sv' });
    expect(a.label).toBe('neutral');
    expect(a.tokens.find((t) => t.text === 'Felet')!.rules).toContain('repaired by "åtgärdat"');
  });
  it('en: "the problem was sorted"', () => {
    const a = analyze('The login problem was sorted within the hour, thanks', { lang: 'en' });
    expect(a.label).toBe('positive');
    expect(contributionOf(a, 'problem')).toBeCloseTo(0, 9);
  });
  it('a negated repair stays a complaint, and a bare negator is no problem word', () => {
    expect(analyze('The login problem was not sorted', { lang: 'en' }).label).toBe('negative');
    const a = analyze('Felet är inte åtgärdat', { lang: 'sv' });
    expect(a.label).toBe('negative');
    expect(a.tokens.find((t) => t.text === 'inte')!.rules.join()).not.toContain('repaired');
  });
});

describe('"går inte att" + a service verb: the service could not be used (rule: "out of reach (…)")', () => {
  it('sv: "det går inte att logga in", "gick ej att betala"', () => {
    const a = analyze('Nu går det inte att logga in på sidan', { lang: 'sv' });
    expect(a.label).toBe('negative');
    expect(a.tokens.find((t) => t.text === 'logga')!.rules).toContain('out of reach ("går det inte att logga")');
    expect(analyze('Det gick ej att betala med kort', { lang: 'sv' }).label).toBe('negative');
  });
  it('not in a question, not for a verb that names no service, not for a sentiment verb', () => {
    const asked = analyze('Går det inte att boka tid på nätet?', { lang: 'sv' });
    expect(asked.tokens.find((t) => t.text === 'boka')!.rules.join()).not.toContain('out of reach');
    const say = analyze('Det går inte att säga hur det blir', { lang: 'sv' });
    expect(say.tokens.find((t) => t.text === 'säga')!.rules.join()).not.toContain('out of reach');
    const complain = analyze('Det går inte att klaga', { lang: 'sv' });
    expect(complain.tokens.find((t) => t.text === 'klaga')!.rules.join()).not.toContain('out of reach');
  });
});
