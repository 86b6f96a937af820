import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { check, type Case } from './helpers.js';

// English cases, hand-written. Each comment says what the case proves. Labels and explanations are asserted.
const CASES: Case[] = [
  // "not very good" is mildly negative: negated intensifier
  {
    text: 'The food was not very good',
    label: 'negative',
    rules: { good: ['negated by "not"', 'negated intensifier "very"'] },
  },
  // plain negation of a positive word
  { text: 'The service is not good', label: 'negative', rules: { good: ['negated by "not"'] } },
  // contracted negation
  { text: "I don't like this update", label: 'negative', rules: { like: [] } },
  // "isn't" negates
  { text: "This isn't great", label: 'negative', rules: { great: ['negated by "isn\'t"'] } },
  // "never" negates
  { text: 'never happy with their support', label: 'negative', rules: { happy: ['negated by "never"'] } },
  // negated negative word becomes mildly positive ("not bad")
  { text: 'not bad at all', label: 'positive', rules: { bad: ['negated by "not"'] } },
  // double negation with an un- word
  { text: 'It is not unpleasant', label: 'positive', rules: { unpleasant: ['negated by "not"', 'double negation'] } },
  // "no problem" is a phrase meaning fine
  { text: 'no problem, happy to help', label: 'positive', rules: { no: ['phrase "no problem"'] } },
  // "without problems" is positive: "without" negates
  { text: 'Everything went without problems', label: 'positive', rules: { problems: ['negated by "without"'] } },
  // "not only … but" does not negate
  {
    text: 'not only cheap but also good',
    label: 'positive',
    rules: { good: ['not only … but'] },
    notRules: { good: ['negated'] },
  },
  // negation scope ends at a clause boundary
  { text: 'not today, but tomorrow will be great', label: 'positive', notRules: { great: ['negated'] } },
  // intensifier boosts
  { text: 'really good service', label: 'positive', rules: { good: ['boosted by "really"'] } },
  // "extremely" boosts a negative
  { text: 'extremely rude staff', label: 'negative', rules: { rude: ['boosted by "extremely"'] } },
  // a negative adverb used as an intensifier on a positive word
  {
    text: 'It was terribly nice of them',
    label: 'positive',
    rules: { nice: ['intensifier-with-negative-word "terribly"'], terribly: ['used as intensifier'] },
  },
  // "insanely" as intensifier
  { text: 'insanely good food', label: 'positive', rules: { good: ['"insanely"'] } },
  // "damn good": swear word intensifies
  { text: 'damn good coffee', label: 'positive', rules: { good: ['"damn"'] } },
  // standalone "damn" stays negative
  { text: 'damn.', label: 'negative' },
  // diminisher
  { text: 'slightly disappointed', label: 'negative', rules: { disappointed: ['dampened by "slightly"'] } },
  // "kind of" dampens as a phrase
  { text: 'kind of annoying', label: 'negative', rules: { annoying: ['dampened by "kind"'] } },
  // "pretty good" is fairly good, not the adjective "pretty"
  { text: 'pretty good', label: 'positive', rules: { good: ['dampened by "pretty"'] } },
  // "pretty bad" is negative (pretty is not positive here)
  { text: 'pretty bad', label: 'negative' },
  // contrast: after "but" dominates
  {
    text: 'The food was great but the service was awful',
    label: 'negative',
    rules: { great: ['before contrast "but"'], awful: ['contrast after "but"'] },
  },
  // contrast the other way round
  { text: 'A bit pricey but absolutely wonderful', label: 'positive', rules: { wonderful: ['contrast after "but"'] } },
  // "however" makes its sentence the contrasting one
  {
    text: 'Delivery was quick. The item, however, was broken.',
    label: 'negative',
    rules: { broken: ['contrast after "however"'] },
  },
  // caps emphasis
  { text: 'This is AMAZING', label: 'positive', rules: { AMAZING: ['all-caps'] } },
  // a fully shouted post does not emphasise single words
  { text: 'THIS IS AMAZING', label: 'positive', notRules: { AMAZING: ['all-caps'] } },
  // exclamation emphasis
  { text: 'love it!!!', label: 'positive', rules: { love: ['exclamation'] } },
  // elongated word is found
  { text: 'sooo goooood', label: 'positive', rules: { goooood: ['elongation'] } },
  // elongated booster boosts more
  { text: 'soooo happy', label: 'positive', rules: { happy: ['boosted by "soooo"'] } },
  // emoticons
  { text: 'thanks :)', label: 'positive', rules: { ':)': ['emoticon'] } },
  // sad emoticon
  { text: 'my order is late :(', label: 'negative', rules: { ':(': ['emoticon'] } },
  // heart emoticon
  { text: 'you guys <3', label: 'positive', rules: { '<3': ['emoticon'] } },
  // emoji
  { text: 'new phone 😍', label: 'positive', rules: { '😍': ['emoji'] } },
  // angry emoji
  { text: 'still waiting 😡', label: 'negative' },
  // emoji with skin tone is recognised
  { text: 'ok 👍🏽', label: 'positive', rules: { '👍🏽': ['emoji'] } },
  // hashtags are scored as words
  { text: 'another #fail from them', label: 'negative', rules: { '#fail': ['hashtag'] } },
  // hashtag compounds are split
  { text: '#epicfail', label: 'negative', rules: { '#epicfail': ['compound head "fail"'] } },
  // mentions are ignored
  { text: '@happy @love', label: 'neutral', rules: { '@happy': ['ignored: @mention'] } },
  // URLs are ignored even when they contain sentiment words
  {
    text: 'https://example.com/great-deal',
    label: 'neutral',
    rules: { 'https://example.com/great-deal': ['ignored: URL'] },
  },
  // a neutral question
  { text: 'What time do you open tomorrow?', label: 'neutral' },
  // a question dampens praise
  { text: 'Is it good?', label: 'neutral', rules: { good: ['question'] } },
  // a complaining question stays negative
  { text: 'Why is your support so terrible?', label: 'negative', rules: { terrible: ['question'] } },
  // sarcasm marker emoji
  { text: 'Great, my flight got cancelled again 🙄', label: 'negative', rules: { Great: ['sarcasm'] } },
  // sarcasm: praise before a complaint
  {
    text: 'Perfect, the app crashed again.',
    label: 'negative',
    rules: { Perfect: ['sarcasm: praise before a complaint'] },
  },
  // "yeah right" marks irony
  { text: 'yeah right, best service ever', label: 'negative', rules: { best: ['sarcasm'] } },
  // #sarcasm marks irony
  { text: 'I love waiting on hold #sarcasm', label: 'negative', rules: { love: ['sarcasm'] } },
  // "thanks for nothing" idiom
  { text: 'thanks for nothing', label: 'negative', rules: { thanks: ['phrase "thanks for nothing"'] } },
  // customer-service vocabulary VADER lacks
  { text: 'the app keeps crashing', label: 'negative' },
  // "scam"
  { text: 'this company is a scam', label: 'negative' },
  // "rude"
  { text: 'rude and unhelpful', label: 'negative' },
  // "not working" phrase
  { text: 'wifi not working', label: 'negative', rules: { not: ['phrase "not working"'] } },
  // "can't wait" is positive, not a negation
  { text: "can't wait for the launch", label: 'positive' },
  // "looking forward"
  { text: 'looking forward to it', label: 'positive' },
  // plain neutral statement
  { text: 'The meeting is on Tuesday at three', label: 'neutral' },
  // "like" as a preposition carries no sentiment
  { text: 'it looks like rain', label: 'neutral' },
  // code-switching: the Swedish clause is scored with the Swedish lexicon
  {
    text: 'Great trip overall. Men hotellet var riktigt dåligt och personalen otrevlig.',
    label: 'negative',
    rules: { dåligt: ['code-switch: sv'] },
  },
  // slang from the VADER lexicon
  { text: 'lol that was fun', label: 'positive' },
  // "wtf"
  { text: 'wtf is this', label: 'negative' },
  // "never again"
  { text: 'Worst experience ever, never again', label: 'negative' },
  // "unacceptable"
  { text: 'Three weeks for a refund is unacceptable', label: 'negative' },
  // "would recommend"
  { text: 'Would highly recommend', label: 'positive' },
  // RT markers ignored
  { text: 'RT @user: thanks for the help', label: 'positive', rules: { RT: ['ignored: retweet marker'] } },
  // a deployment override is applied
  { text: 'outage again', label: 'negative', rules: { outage: [] } },
];

describe('English cases', () => {
  it('has at least 60 hand-written cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));
  for (const c of CASES) it(c.text, () => check(analyze(c.text, { lang: 'en' }), c));
});

describe('English behaviour beyond labels', () => {
  // the negated intensifier is milder than plain negation
  it('scores "not very good" above "not good"', () => {
    expect(analyze('not very good', { lang: 'en' }).score).toBeGreaterThan(analyze('not good', { lang: 'en' }).score);
  });
  // language detection picks English
  it('detects English', () => expect(analyze('The food was not very good').lang).toBe('en'));
  // a third language is reported as "other" with low confidence and scored conservatively
  it('reports other languages conservatively', () => {
    const a = analyze('Das Essen war wirklich nicht schlecht und der Service war freundlich');
    expect(a.lang).toBe('other');
    expect(a.confidence).toBeLessThanOrEqual(0.35);
  });
});
