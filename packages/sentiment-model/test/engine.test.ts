import { describe, expect, it } from 'vitest';
import { createSentimentEngine } from '../src/engine.js';
import { DEFAULT_MODEL_DIR, loadModel } from '../src/model-io.js';

const POSTS = [
  { text: 'Fantastiskt bra bemötande av kundtjänst, tack! 😊', lang: 'sv' },
  { text: 'Tredje gången fakturan är fel. Kundtjänstkaos, ingen svarar 😡', lang: 'sv' },
  { text: 'I love the new app, works perfectly', lang: 'en' },
  { text: 'Worst customer service ever, still waiting for my refund', lang: 'en' },
  { text: 'Möte kl 14 i konferensrummet', lang: 'sv' },
  { text: 'Tack för att ni tappade min ansökan igen, grymt jobbat 👏' },
];

describe('engine with the shipped model', () => {
  it('loads the weights committed in the package (combined mode, provenance recorded)', async () => {
    const engine = await createSentimentEngine();
    expect(engine.model).toBe('combined');
    expect(engine.meta?.seed).toBeTypeOf('number');
    expect(engine.meta?.lexiconFeatureNames.length).toBeGreaterThan(0);
  });

  it('is loaded once per process: a second call returns the same engine', async () => {
    expect(await createSentimentEngine()).toBe(await createSentimentEngine({ modelDir: DEFAULT_MODEL_DIR }));
  });

  it('gets clear cases right in both languages', async () => {
    const r = (await createSentimentEngine()).scoreBatch(POSTS);
    expect(r.map((x) => x.label).slice(0, 4)).toEqual(['positive', 'negative', 'positive', 'negative']);
    expect(r[0]!.lang).toBe('sv');
    expect(r[2]!.lang).toBe('en');
  });

  it('returns calibrated probabilities that sum to 1 and a score equal to p_pos - p_neg', async () => {
    for (const x of (await createSentimentEngine()).scoreBatch(POSTS)) {
      expect(x.p_neg + x.p_neu + x.p_pos).toBeCloseTo(1, 5);
      expect(x.score).toBeCloseTo(x.p_pos - x.p_neg, 6);
      expect(x.confidence).toBe(Math.max(x.p_neg, x.p_neu, x.p_pos));
      expect(x.model).toBe('combined');
      // the lexicon explanation travels with the verdict
      expect(x.tokens.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same input gives bit-identical output, across engines loaded separately', async () => {
    const a = (await createSentimentEngine()).scoreBatch(POSTS);
    const b = (await createSentimentEngine()).scoreBatch(POSTS);
    expect(b).toEqual(a);
    const w1 = await loadModel(DEFAULT_MODEL_DIR);
    const w2 = await loadModel(DEFAULT_MODEL_DIR);
    expect(Buffer.from(w1.weights.w1.buffer).equals(Buffer.from(w2.weights.w1.buffer))).toBe(true);
  });

  it('scores a post the same alone and inside a batch', async () => {
    const engine = await createSentimentEngine();
    const batch = engine.scoreBatch(POSTS);
    POSTS.forEach((p, i) => expect(engine.scoreBatch([p])[0]).toEqual(batch[i]));
    // order inside the batch does not matter either
    expect(engine.scoreBatch([...POSTS].reverse())).toEqual([...batch].reverse());
  });

  it("flags disagreement exactly when the lexicon's polarity and the final label differ", async () => {
    const sign = (l: string) => (l === 'negative' ? -1 : l === 'positive' ? 1 : 0);
    for (const x of (await createSentimentEngine()).scoreBatch(POSTS)) {
      expect(x.disagreement).toBe(sign(x.label) !== sign(x.lexicon.label));
    }
  });

  it('never throws on hostile input and returns a valid result for each item', async () => {
    const engine = await createSentimentEngine();
    const weird = ['', '🙂🙂🙂', 'א ב ג ד', '\u0000\u0007\u202e', 'x'.repeat(200_000), 'å'.repeat(10)];
    const items = [
      ...weird.map((text) => ({ text })),
      { text: 42 as unknown as string },
      undefined as unknown as { text: string },
    ];
    const r = engine.scoreBatch(items);
    expect(r).toHaveLength(items.length);
    for (const x of r) {
      expect(['negative', 'neutral', 'positive']).toContain(x.label);
      expect(Number.isFinite(x.score) && Math.abs(x.score) <= 1).toBe(true);
    }
  }, 60_000); // the 200k-character post goes through the full lexicon analysis: generous on a shared CPU
});
