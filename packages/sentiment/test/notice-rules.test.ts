import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { runCases as run } from './helpers.js';

// An organisation's notice, a guide, a report about complaints and a question asking how to or whether others have a
// problem name problems without complaining. Each neutral case is negative without the rule; each control keeps a
// sign of a complaint (repetition, first person, a strong word, exasperation) and must stay negative.
const FRAME = 'informational frame: ';

describe('a notice, guide or report makes its problem words descriptive (rule: informational frame)', () => {
  run('sv', [
    {
      text: 'Ny rapport: fler klagomål på kollektivtrafiken under hösten',
      label: 'neutral',
      rules: { klagomål: [`${FRAME}notice ("rapport:")`] },
    },
    {
      text: 'Kommunen publicerar statistik över klagomål på skolskjutsen',
      label: 'neutral',
      rules: { klagomål: [`${FRAME}report`] },
    },
    {
      text: 'Så undviker du att fel uppstår i din ansökan',
      label: 'neutral',
      rules: { fel: [`${FRAME}how-to ("så undviker")`] },
    },
  ]);
  run('en', [
    {
      text: 'Service update: card payments are failing at some stations. Engineers are on it.',
      label: 'neutral',
      rules: { failing: [`${FRAME}notice ("update:")`] },
    },
    {
      text: 'Known issue: some invoices show the wrong amount. We are correcting them.',
      label: 'neutral',
      rules: { wrong: [FRAME] },
    },
    {
      text: 'Watchdog publishes report on delays in pension claims',
      label: 'neutral',
      rules: { delays: [FRAME] },
    },
  ]);
});

describe('a question that asks how to or whether others have a problem (rule: informational frame)', () => {
  run('sv', [
    {
      text: 'Vet någon varför e-tjänsten krånglar i dag?',
      label: 'neutral',
      rules: { krånglar: [`${FRAME}question asks how or whether ("vet någon")`] },
    },
    { text: 'Hur anmäler man fel på en faktura?', label: 'neutral', rules: { fel: [FRAME] } },
  ]);
  run('en', [
    {
      text: 'How do I get a refund for a cancelled train?',
      label: 'neutral',
      rules: { cancelled: [`${FRAME}question asks how or whether ("how do")`] },
    },
    { text: 'Has anyone had trouble with the new parking app?', label: 'neutral', rules: { trouble: [FRAME] } },
  ]);
});

describe('complaints that use the same words stay negative', () => {
  run('sv', [
    { text: 'Driftstörning: inloggningen fungerar inte. Igen.', label: 'negative', notRules: { fungerar: [FRAME] } },
    { text: 'Har ni problem med Swish? Det funkar inte alls för mig', label: 'negative' },
    { text: 'Driftstörning: e-tjänsten är helt värdelös just nu', label: 'negative', notRules: { värdelös: [FRAME] } },
    { text: 'Hur gör man om man har glömt sitt lösenord?! Hopplöst', label: 'negative' },
    { text: 'Ny rapport om klagomål, och jag väntar fortfarande på svar. Skandal', label: 'negative' },
  ]);
  run('en', [
    { text: 'Service update: still broken, third day running', label: 'negative', notRules: { broken: [FRAME] } },
    { text: 'Is anyone else getting this awful error?', label: 'negative', notRules: { awful: [FRAME] } },
    { text: 'How do I get a refund for a cancelled train? I have waited weeks and nobody replies', label: 'negative' },
    { text: 'Why is the refund form so broken?', label: 'negative', notRules: { broken: [FRAME] } },
  ]);
  it('a retweeted statement is no notice ("RT @name:")', () => {
    const rules = analyze('RT @someone: this update is terrible', { lang: 'en' }).tokens.flatMap((t) => t.rules);
    expect(rules.some((r) => r.startsWith(FRAME))).toBe(false);
  });
});
