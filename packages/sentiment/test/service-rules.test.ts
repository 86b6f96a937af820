import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { contributionOf, runCases as run } from './helpers.js';

// Complaints about a service that carry no sentiment word (out of reach, a long wait), concessions that open a
// sentence, and the English complaint idioms. Each case fails without its rule or words; the sentences are new, not
// taken from the phenomena sets in @vakt/sentiment-eval.
const rulesOf = (text: string, lang: 'sv' | 'en' = 'en'): string[] =>
  analyze(text, { lang }).tokens.flatMap((t) => t.rules);

describe('a service out of reach is a complaint (rule: "out of reach")', () => {
  run('en', [
    // an inability word before a service verb; "reach" alone is +0.1 in VADER
    {
      text: 'Impossible to reach a human at the pension office',
      label: 'negative',
      rules: { reach: ['out of reach'] },
    },
    { text: 'Unable to log in since Monday', label: 'negative', rules: { log: ['out of reach ("Unable … log")'] } },
    // a reach negator with the particle its verb needs; the negator gets no bare-negation valence besides
    {
      text: "Still can't get through to the helpline",
      label: 'negative',
      rules: { get: ['out of reach'] },
      notRules: { "can't": ['negation without target'] },
    },
    { text: 'We could not find anyone, we never reach them', label: 'negative', rules: { reach: ['out of reach'] } },
  ]);
  it('leaves praise and other uses of the same words alone', () => {
    // "can't wait" is a phrase: its "can't" negates nothing
    expect(rulesOf("Can't wait to see the new office")).not.toContainEqual(expect.stringMatching(/out of reach/));
    // "get" reaches only with "through"/"hold": "can't get enough" is praise
    expect(rulesOf("I can't get enough of this app")).not.toContainEqual(expect.stringMatching(/out of reach/));
    // a positive or comparative word right after the verb: "impossible to find a better one"
    expect(rulesOf('Impossible to find better service anywhere')).not.toContainEqual(
      expect.stringMatching(/out of reach/),
    );
    // "impossible not to …": the negator ends the search
    expect(rulesOf('Impossible not to use it every day')).not.toContainEqual(expect.stringMatching(/out of reach/));
    // a question about reaching the office has no inability word
    expect(analyze('Can I reach the office by phone on Saturdays?', { lang: 'en' }).label).toBe('neutral');
  });
});

describe('a long wait is a complaint (rule: "long wait")', () => {
  run('en', [
    { text: 'On hold for 50 minutes with the tax office', label: 'negative', rules: { minutes: ['long wait'] } },
    { text: 'Waited nearly five weeks for my passport', label: 'negative', rules: { weeks: ['long wait'] } },
    { text: 'Two hours in the queue at the office', label: 'negative', rules: { hours: ['long wait'] } },
    { text: 'Been waiting for ages for the decision', label: 'negative', rules: { ages: ['long wait'] } },
    // a digit glued to its unit
    { text: 'waited 3hrs at the desk', label: 'negative', rules: { '3hrs': ['long wait'] } },
    // "never … this long" intensifies: the wait was longer than ever, and "never" gets no valence of its own
    {
      text: "I've never waited this long for a passport",
      label: 'negative',
      rules: { long: ['long wait'] },
      notRules: { never: ['negation without target'] },
    },
    { text: 'They made us wait too long', label: 'negative', rules: { long: ['long wait'] } },
  ]);
  run('sv', [{ text: 'Har väntat i sex veckor på beslutet', label: 'negative', rules: { veckor: ['long wait'] } }]);
  it('not for a short or negated wait, a duration without waiting, or "can\'t wait"', () => {
    for (const text of [
      'Only waited five minutes, great service',
      'Replied within a day, no need to wait weeks',
      "We didn't have to wait more than an hour",
      'The office is open six days a week',
      "Can't wait two more weeks for the release",
      'All day long I worked on the report',
    ])
      expect(rulesOf(text), text).not.toContainEqual(expect.stringMatching(/long wait/));
  });
});

describe('a concession that opens a sentence gives way to its main clause (rule: "concession")', () => {
  run('en', [
    {
      text: 'Although the staff were friendly, the wait was awful.',
      label: 'negative',
      rules: { friendly: ['concession "Although"'], awful: ['contrast after "Although"'] },
    },
    {
      text: 'Even though the queue was long, the service was excellent.',
      label: 'positive',
      rules: { excellent: ['contrast after "Even though"'] },
    },
    { text: 'Despite the nice website, the form is useless.', label: 'negative', rules: { nice: ['concession'] } },
  ]);
  run('sv', [
    {
      text: 'Fastän personalen var trevlig, var väntan hemsk.',
      label: 'negative',
      rules: { trevlig: ['concession "Fastän"'] },
    },
  ]);
  it('the main clause weighs three times the concession', () => {
    const a = analyze('Although it was bad, it was good.', { lang: 'en' });
    expect(contributionOf(a, 'good')).toBeCloseTo(-3 * contributionOf(a, 'bad') * (1.9 / 2.5), 5);
  });
  it('"though" at the end of a sentence is still the contrast adverb', () => {
    expect(rulesOf('Nice staff. Slow though.')).not.toContainEqual(expect.stringMatching(/concession/));
  });
});

describe('English complaint idioms', () => {
  run('en', [
    // "joke" alone is +1.2 in VADER; a service that is a joke is scorned
    { text: 'The appeals process is a joke', label: 'negative', rules: { is: ['phrase "is a joke"'] } },
    { text: 'What a joke, nobody called back', label: 'negative', rules: { What: ['phrase "what a joke"'] } },
    { text: 'Their helpline is an absolute joke', label: 'negative', rules: { absolute: ['phrase "absolute joke"'] } },
    // "not worth" is a verdict, stronger than the negation of "worth" (+0.9)
    { text: 'Not worth the wait', label: 'negative', rules: { Not: ['phrase "not worth"'] } },
    // being passed around instead of helped
    { text: 'The advisor hung up on me', label: 'negative', rules: { hung: ['phrase "hung up"'] } },
    { text: 'Sent round in circles by the council', label: 'negative', rules: { in: ['phrase "in circles"'] } },
    // a missing service: nobody picks up, the call is never returned
    { text: 'Nobody picks up at the helpline', label: 'negative', rules: { picks: ['missing "picks"'] } },
    // "no wonder" negates nothing
    { text: 'No wonder he picks the early train', label: 'neutral', notRules: { picks: ['missing'] } },
    // "Honestly," is a hedge, not praise: the complaint decides
    { text: 'Honestly, the new form is confusing', label: 'negative', notRules: { Honestly: ['phrase'] } },
  ]);
  it('a joke that is told stays what VADER says', () => {
    expect(contributionOf(analyze('He told a joke at the meeting', { lang: 'en' }), 'joke')).toBeGreaterThan(0);
  });
});

describe('a problem asked about is not stated (rule: "question: asked about")', () => {
  run('en', [
    {
      text: 'Did anyone else have any problems with the login today?',
      label: 'neutral',
      rules: { problems: ['question: asked about, not stated ("any")'] },
    },
    { text: 'Are there any known issues with the new form?', label: 'neutral', rules: { issues: ['asked about'] } },
    // without "any" the question still complains
    { text: 'Why are there always problems with the login?', label: 'negative', notRules: { problems: ['asked'] } },
  ]);
  run('sv', [
    { text: 'Har ni några problem med inloggningen?', label: 'neutral', rules: { problem: ['asked about'] } },
  ]);
  it('a comparative asks nothing: "is there anything worse than …?" complains', () => {
    expect(rulesOf('Finns det något värre än att vänta?', 'sv')).not.toContainEqual(expect.stringMatching(/asked/));
  });
});

describe('irony around thanks for a failure (rule: "sarcasm")', () => {
  run('en', [
    // praise of the failure itself does not make the thanks sincere
    {
      text: 'Thanks for the lovely three week wait',
      label: 'negative',
      rules: { Thanks: ['sarcasm: thanks for a failure'], lovely: ['sarcasm: praise after ironic thanks'] },
    },
    // praise later in the sentence of ironic thanks is part of the irony
    {
      text: 'Thanks for losing my application, really helpful',
      label: 'negative',
      rules: { helpful: ['sarcasm: praise after ironic thanks'] },
    },
  ]);
  it('thanks for help with a problem stay sincere, and so does praise after them', () => {
    const a = analyze('Thanks for fixing the broken login, really helpful', { lang: 'en' });
    expect(a.label).toBe('positive');
    expect(a.tokens.flatMap((t) => t.rules)).not.toContainEqual(expect.stringMatching(/sarcasm/));
  });
});
