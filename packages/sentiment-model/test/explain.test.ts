import { describe, expect, it } from 'vitest';
import { createDecomposer } from '../src/decompose.js';
import { createSentimentEngine, type SentimentItem } from '../src/engine.js';
import { featurize } from '../src/featurize.js';
import { vaktLexicon } from '../src/lexicon.js';
import { DEFAULT_MODEL_DIR, loadModel } from '../src/model-io.js';
import { createForward, N_CLASSES } from '../src/network.js';

// Posts of every kind the explanation must account for: plain, negated, contrast, sarcasm, news, questions, emoji,
// a masked name, hostile input.
const POSTS: SentimentItem[] = [
  { text: 'Väldigt besviken på beskedet idag.', lang: 'sv' },
  { text: 'Tack för ingenting, Skatteverket!', lang: 'sv', mask: [[20, 32]] },
  { text: 'Fruktansvärt dåligt bemötande från Skatteverket idag', lang: 'sv', mask: [[36, 48]] },
  { text: 'Det är inte otrevligt', lang: 'sv' },
  { text: 'Appen är snygg men den fungerar inte', lang: 'sv' },
  { text: 'Anna Berg på Skatteverket intervjuas i Ekot', lang: 'sv' },
  { text: 'Does the agency support split payments?', lang: 'en' },
  { text: 'Oh great, my flight got cancelled again. Love it. 👏', lang: 'en' },
  { text: 'not bad at all, the refund came through', lang: 'en' },
  { text: 'Supersnabb leverans, tack! 😊' },
  { text: 'https://x.se @kundtjanst #fakturakaos IGEN!!!' },
  { text: '' },
];

describe('one verdict, one explanation (issue 15)', () => {
  it('explanation lines sum to the score the pipeline stores, and explain does not change the verdict', async () => {
    const engine = await createSentimentEngine();
    const plain = engine.scoreBatch(POSTS);
    const explained = engine.scoreBatch(POSTS, { explain: true });
    explained.forEach((r, i) => {
      const { explanation, ...verdict } = r;
      expect(verdict).toEqual(plain[i]);
      const sum = explanation!.lines.reduce((s, l) => s + l.score, 0);
      expect(Math.abs(sum - r.score)).toBeLessThan(1e-6);
      // a guard line appears exactly when the guard fired
      expect(explanation!.lines.some((l) => l.part === 'guard')).toBe(explanation!.guard !== undefined);
    });
  });

  it('the three logit parts sum to the forward pass the model was trained as (within float32 rounding)', async () => {
    const lexicon = await vaktLexicon();
    const { weights } = await loadModel(DEFAULT_MODEL_DIR, lexicon.names);
    const decompose = createDecomposer(weights);
    const forward = createForward(weights);
    const logits = new Float32Array(N_CLASSES);
    for (const p of POSTS) {
      const { analysis, features } = lexicon.features(p.text, p.lang);
      const ids = featurize(p.text, p.lang ?? analysis.lang, weights.buckets);
      forward(ids, features, logits);
      const parts = decompose(ids, features);
      for (let c = 0; c < N_CLASSES; c++)
        expect(Math.abs(parts.bias[c]! + parts.lexicon[c]! + parts.bag[c]! - logits[c]!)).toBeLessThan(1e-4);
    }
  });

  it('word pushes plus the other n-grams equal the words part of the polarity margin', async () => {
    const engine = await createSentimentEngine();
    for (const r of engine.scoreBatch(POSTS, { explain: true })) {
      const e = r.explanation!;
      const p = e.polarity;
      expect(Math.abs(e.words.reduce((s, w) => s + w.push, 0) + e.otherWords - p.words)).toBeLessThan(1e-4);
      expect(Math.abs(p.bias + p.lexicon + p.words + p.guard - p.total)).toBeLessThan(1e-9);
    }
  });

  it('when the verdict goes against the lexicon, the explanation says why and names words; otherwise it does not', async () => {
    const engine = await createSentimentEngine();
    for (const r of engine.scoreBatch(POSTS, { explain: true })) {
      expect(r.explanation!.overrule !== undefined).toBe(r.disagreement);
      if (r.disagreement) expect(r.explanation!.overrule).toMatch(/against the lexicon/);
    }
  });

  it("highlights are the final verdict's: a span that pushed toward negative has a negative contribution", async () => {
    const engine = await createSentimentEngine();
    for (const [i, r] of engine.scoreBatch(POSTS, { explain: true }).entries()) {
      const words = r.explanation!.words;
      for (const s of r.spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(POSTS[i]!.text.length);
        // a model-only span carries exactly its word's push on the verdict
        if (s.rules.includes('model')) {
          const w = words.find((x) => x.start === s.start);
          if (w) expect(s.contribution).toBeCloseTo(w.push, 9);
        }
      }
    }
  });

  it('a masked name is read as an @mention placeholder by the model and is never highlighted', async () => {
    const engine = await createSentimentEngine();
    const [r] = engine.scoreBatch([POSTS[1]!], { explain: true });
    expect(r!.spans.some((s) => s.start < 32 && s.end > 20)).toBe(false);
    expect(r!.explanation!.words.concat().some((w) => w.text === 'skatteverket')).toBe(false);
  });
});
