import { describe, expect, it } from 'vitest';
import { createSentimentEngine, type SentimentItem } from '../../src/engine.js';

// The complaints a new user tried (issue 15), scored as the pipeline scores them: the watched name masked. Before the
// rule-family guard and the retraining, five of them were neutral or positive. "Väldigt besviken …" and "Tack för
// ingenting …" are held-out phenomena cases; the others' phenomena variants are in the development part the model
// trains on, so this guards against regressions rather than measuring generalisation (`npm run eval:sentiment` does).
const named = (text: string, name = 'Skatteverket'): SentimentItem => {
  const at = text.indexOf(name);
  return { text, lang: text.startsWith('Does') ? 'en' : 'sv', mask: [[at, at + name.length]] };
};

describe('issue 15: the complaints a comms team tried are negative, news and questions neutral', () => {
  it.each([
    ['Tack för ingenting, Skatteverket!', 'negative'],
    ['Fruktansvärt dåligt bemötande från Skatteverket idag', 'negative'],
    ['Skatteverket har tappat min ansökan igen, helt värdelöst', 'negative'],
    ['Skatteverkets app kraschar hela tiden, katastrof', 'negative'],
    ['Anna Berg på Skatteverket intervjuas i Ekot', 'neutral'],
    ['Does Skatteverket support split payments for the tax bill?', 'neutral'],
  ] as const)('%s → %s', async (text, label) => {
    const engine = await createSentimentEngine();
    const [r] = engine.scoreBatch([named(text)]);
    expect(r!.label).toBe(label);
    // one verdict: it agrees with the lexicon's polarity, so the dashboard does not flag it as uncertain
    expect(r!.disagreement).toBe(false);
  });

  it('"Väldigt besviken på beskedet idag." is negative', async () => {
    const engine = await createSentimentEngine();
    expect(engine.scoreBatch([{ text: 'Väldigt besviken på beskedet idag.', lang: 'sv' }])[0]!.label).toBe('negative');
  });
});
