import { describe, expect, it } from 'vitest';
import { prepare, makeBatch } from '../src/dataset.js';
import { predictLogits } from '../src/evaluate.js';
import { vaktLexicon } from '../src/lexicon.js';
import { DEFAULT_MODEL_DIR, loadModel } from '../src/model-io.js';
import { dequantize } from '../src/network.js';
import { initTf, tfLogits } from '../src/tf-graph.js';
import type { Example } from '../src/data.js';

const TEXTS: Array<[string, 'sv' | 'en']> = [
  ['Det var fruktansvärt trevligt på restaurangen igår!', 'sv'],
  ['Det är inte otrevligt', 'sv'],
  ['#fakturakaos igen… 😤 @namn http://x.se', 'sv'],
  ['not very good, but the staff were lovely :)', 'en'],
  ['', 'en'],
];

describe('plain-JS inference computes what tfjs trained', () => {
  it('gives the same logits as the tfjs graph on the shipped weights', async () => {
    await initTf();
    const full = await vaktLexicon();
    const { weights } = await loadModel(DEFAULT_MODEL_DIR, full.names);
    // The lexicon's feature list is append-only: the model reads the prefix it was trained on.
    const lexicon = {
      names: full.names.slice(0, weights.nLex),
      features: (t: string, l?: string) => {
        const r = full.features(t, l);
        return { ...r, features: r.features.slice(0, weights.nLex) };
      },
    };
    const examples: Example[] = TEXTS.map(([text, lang], i) => ({
      id: String(i),
      text,
      lang,
      label: 'neutral',
      split: 'dev',
      set: 't',
      polarityOnly: false,
    }));
    const p = prepare(examples, weights.buckets, lexicon);
    const js = predictLogits(weights, p);
    const batch = makeBatch(p, Int32Array.from(TEXTS.keys()), weights.lexMean, weights.lexStd);
    const tf = tfLogits(weights, dequantize(weights), batch);
    expect(tf).toHaveLength(js.length);
    for (let i = 0; i < js.length; i++) expect(Math.abs(tf[i]! - js[i]!)).toBeLessThan(1e-4);
    // and the logits are not trivially equal (the texts get different scores)
    expect(new Set(Array.from(js, (v) => v.toFixed(3))).size).toBeGreaterThan(3);
  });
});
