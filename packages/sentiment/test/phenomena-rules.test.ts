import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { blank } from '../src/mask.js';
import { contributionOf, runCases as run } from './helpers.js';

// One block per phenomenon rule of issue 15, Swedish and English. Each case fails when its rule is removed (the
// comment says what it proves); the sentences are new, not taken from the phenomena sets in @vakt/sentiment-eval.

describe('absence of a problem is positive (rule: "absence of a negative")', () => {
  run('sv', [
    // "utan" + a mild problem word: the floor makes it a clear positive, and the rule names itself
    {
      text: 'Bytet gick helt utan strul',
      label: 'positive',
      rules: { strul: ['negated by "utan"', 'absence of a negative'] },
    },
    // "alls" after the negated word makes the negation total: absence, not mere litotes
    { text: 'Formuläret var inte svårt alls', label: 'positive', rules: { svårt: ['absence of a negative'] } },
    // after a negator "något" means "any", it does not dampen ("knappast något fel" = no fault at all)
    {
      text: 'Det är knappast något fel på dem',
      label: 'positive',
      rules: { fel: ['absence of a negative'] },
      notRules: { fel: ['dampened'] },
    },
  ]);
  run('en', [
    // "zero" is an absence word, and a mild problem word ("issues") still gives a clear positive
    {
      text: 'Zero issues since the upgrade',
      label: 'positive',
      rules: { issues: ['negated by "Zero"', 'absence of a negative'] },
    },
    // "at all" after the word makes the negation total
    { text: 'The form was not confusing at all', label: 'positive', rules: { confusing: ['absence of a negative'] } },
  ]);
  it('plain litotes stays weaker than a stated absence', () => {
    const plain = contributionOf(analyze('det var inte svårt', { lang: 'sv' }), 'svårt');
    const total = contributionOf(analyze('det var inte svårt alls', { lang: 'sv' }), 'svårt');
    expect(plain).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(plain);
  });
});

describe('negated positive is negative (rule: "negated positive")', () => {
  run('sv', [
    {
      text: 'Chatten är inte pålitlig',
      label: 'negative',
      rules: { pålitlig: ['negated by "inte"', 'negated positive'] },
    },
    // sentimentlex rates "positiv" negative; our correction makes "inget positivt" a complaint
    { text: 'Vi fick inget positivt svar', label: 'negative', rules: { positivt: ['negated positive'] } },
  ]);
  run('en', [
    {
      text: "The new layout isn't good",
      label: 'negative',
      rules: { good: ['negated by "isn\'t"', 'negated positive'] },
    },
    // "hardly" negates (VADER only dampens it)
    { text: 'The manual is hardly helpful', label: 'negative', rules: { helpful: ['negated by "hardly"'] } },
  ]);
});

describe('"aldrig/never … så/so" intensifies instead of negating', () => {
  run('sv', [
    {
      text: 'Har aldrig varit så nöjd med en bank',
      label: 'positive',
      rules: { nöjd: ['intensifies (not a negation)'] },
    },
    {
      text: 'Aldrig varit så besviken på ett besked',
      label: 'negative',
      rules: { besviken: ['intensifies (not a negation)'] },
    },
    // a comparative needs no "så": "aldrig … trevligare" is praise
    { text: 'Aldrig haft en trevligare handläggare', label: 'positive', rules: { trevligare: ['intensifies'] } },
    // without a degree word "aldrig" still negates
    { text: 'Aldrig bra service där', label: 'negative', rules: { bra: ['negated by "Aldrig"'] } },
  ]);
  run('en', [
    {
      text: 'Never been so pleased with a bank',
      label: 'positive',
      rules: { pleased: ['intensifies (not a negation)'] },
    },
    { text: 'I have never been this angry', label: 'negative', rules: { angry: ['intensifies'] } },
    { text: 'Never had a nicer driver', label: 'positive', rules: { nicer: ['intensifies'] } },
  ]);
});

describe('missing service is a complaint (rule: missing "…")', () => {
  run('sv', [
    {
      text: 'Har mejlat tre gånger utan svar',
      label: 'negative',
      rules: { svar: ['missing "svar" (negated by "utan")'] },
    },
    // "utan att få besked": the infinitive after "utan" is in its scope
    { text: 'Väntade en månad utan att få besked', label: 'negative', rules: { besked: ['missing "besked"'] } },
    // post-verb "inte" past "dock": "fungerar dock inte"
    { text: 'Den ser fin ut. Den fungerar dock inte', label: 'negative', rules: { fungerar: ['missing "fungerar"'] } },
  ]);
  run('en', [
    // VADER rates "warning" negative, so plain negation would read "without warning" as praise
    { text: 'They closed my account without warning', label: 'negative', rules: { warning: ['missing "warning"'] } },
    { text: 'Two weeks and still no reply', label: 'negative', rules: { reply: ['missing "reply"'] } },
  ]);
  it('a plain "not" before an expected word is not a complaint in English ("can\'t reply till Thursday")', () => {
    expect(
      analyze("I can't reply until Thursday", { lang: 'en' }).tokens.some((t) =>
        t.rules.some((r) => r.startsWith('missing')),
      ),
    ).toBe(false);
  });
});

describe('contrast: the clause after "dock/men/however/but" wins', () => {
  run('sv', [
    // "dock" after a comma contrasts its own clause only: the praise before it is down-weighted
    {
      text: 'Trevlig personal, dock fick jag aldrig något svar',
      label: 'negative',
      rules: { Trevlig: ['before contrast "dock"'] },
    },
    {
      text: 'Krångligt i början men nu fungerar allt perfekt',
      label: 'positive',
      rules: { perfekt: ['contrast after "men"'] },
    },
  ]);
  run('en', [
    {
      text: 'The site looks great, however it crashes every day',
      label: 'negative',
      rules: { great: ['before contrast "however"'] },
    },
    // "however" closing its sentence contrasts that whole sentence with the one before
    {
      text: 'Lots of trouble at first. It is great now, however.',
      label: 'positive',
      rules: { great: ['contrast after "however"'] },
    },
  ]);
});

describe('sarcasm: thanks or praise for a failure', () => {
  run('sv', [
    {
      text: 'Tack för att ni tappade bort mitt ärende',
      label: 'negative',
      rules: { Tack: ['sarcasm: thanks for a failure'] },
    },
    // thanks for help with a problem is sincere; the repaired problem is no complaint
    {
      text: 'Tack för att ni löste problemet så snabbt',
      label: 'positive',
      notRules: { Tack: ['sarcasm'] },
      rules: { problemet: ['repaired by "löste"'] },
    },
    // thanks for help when something failed is sincere too, even with the failure out of the help's reach
    { text: 'Tack för all hjälp när appen kraschade, ni är bäst', label: 'positive', notRules: { Tack: ['sarcasm'] } },
    {
      text: 'Underbart, ännu en timme i kö',
      label: 'negative',
      rules: { Underbart: ['sarcasm: praise before a complaint'] },
    },
    {
      text: 'Älskar när appen kraschar mitt i betalningen',
      label: 'negative',
      rules: { Älskar: ['sarcasm: praise before a complaint'] },
    },
    // applause after a failure is ironic; applause alone is not
    { text: 'Sidan kraschade igen 👏', label: 'negative', rules: { '👏': ['sarcasm: "👏" after a failure'] } },
    { text: 'Vilken match 👏', label: 'positive', notRules: { '👏': ['sarcasm'] } },
  ]);
  run('en', [
    { text: 'Thanks for losing my passport', label: 'negative', rules: { Thanks: ['sarcasm: thanks for a failure'] } },
    { text: 'Thanks for fixing the login problem', label: 'positive', notRules: { Thanks: ['sarcasm'] } },
    { text: 'Cheers for nothing', label: 'negative', rules: { Cheers: ['sarcasm: thanks for a failure'] } },
    {
      text: 'Love it when the app crashes at checkout',
      label: 'negative',
      rules: { Love: ['sarcasm: praise before a complaint'] },
    },
    { text: 'Great, another outage', label: 'negative', rules: { Great: ['sarcasm: praise before a complaint'] } },
    // praise of something good, then "again": sincere
    { text: 'Love it when the sun is out', label: 'positive', notRules: { Love: ['sarcasm'] } },
    { text: 'The portal crashed again 👏', label: 'negative', rules: { '👏': ['after a failure'] } },
  ]);
});

describe('intensified negatives and the Swedish lexicon gaps', () => {
  run('sv', [
    { text: 'Väldigt besviken på beskedet', label: 'negative', rules: { besviken: ['boosted by "Väldigt"'] } },
    {
      text: 'Fruktansvärt dåligt bemötande',
      label: 'negative',
      rules: { dåligt: ['intensifier-with-negative-word "Fruktansvärt"'] },
    },
    { text: 'Helt katastrofalt skött', label: 'negative', rules: { katastrofalt: ['boosted by "Helt"'] } },
    { text: 'De har tappat mina papper', label: 'negative' },
    { text: 'Telefonen har haft avbrott hela dagen', label: 'negative' },
    // sentimentlex rates "obegriplig" positive: corrected
    { text: 'Brevet var obegripligt', label: 'negative' },
  ]);
  run('en', [
    { text: 'Totally useless app', label: 'negative', rules: { useless: ['boosted by "Totally"'] } },
    { text: 'Absolutely disgraceful', label: 'negative' },
  ]);
});

describe('neutral is a real class', () => {
  it.each([
    ['sv', 'Generaldirektören intervjuas i Ekot i kväll'],
    ['sv', 'Hur ansöker man om bostadsbidrag?'],
    ['en', 'Does the app support split payments?'],
    ['en', 'Housing benefit rules change in April'],
  ] as const)('%s: %s has no sentiment evidence and scores 0', (lang, text) => {
    const a = analyze(text, { lang });
    expect(a.label).toBe('neutral');
    expect(a.score).toBe(0);
  });
});

describe('English plain words are not split as compounds', () => {
  it('"following" is not "fol|lowing", hashtags still split', () => {
    const a = analyze('Thanks for following me', { lang: 'en' });
    expect(a.label).toBe('positive');
    expect(a.tokens.find((t) => t.text === 'following')?.rules ?? []).not.toContain('compound head "lowing"');
    expect(analyze('#epicfail', { lang: 'en' }).tokens[0]!.rules.join()).toContain('compound head');
  });
});

describe('names read as blank do not change the verdict', () => {
  it.each([
    ['sv', 'Fruktansvärt dåligt bemötande från Skatteverket idag', 'Skatteverket'],
    ['sv', 'Tack för ingenting, Försäkringskassan!', 'Försäkringskassan'],
    ['en', 'Thanks for losing my parcel again, Royal Mail', 'Royal Mail'],
  ] as const)('%s: %s', (lang, text, name) => {
    const at = text.indexOf(name);
    const masked = analyze(blank(text, [[at, at + name.length]]), { lang });
    const plain = analyze(text, { lang });
    expect(masked.label).toBe('negative');
    expect(masked.label).toBe(plain.label);
  });
});
