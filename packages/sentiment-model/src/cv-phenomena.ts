import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blank } from '@vakt/sentiment/mask';
import { LABELS, type Example } from './data.js';
import type { Prepared } from './dataset.js';
import { createDecomposer } from './decompose.js';
import { asMention } from './engine.js';
import { featurize } from './featurize.js';
import { lexiconView, type LexiconProvider } from './lexicon.js';
import type { NetworkWeights } from './network.js';
import type { OofRows } from './cv.js';

/**
 * The DEVELOPMENT part (`split: "train"`) of Vakt's own phenomena cases (packages/sentiment-eval/data), scored by
 * `w` as the scorer scores them (a named organisation masked: blanks for the lexicon, an @mention placeholder for
 * the model), as extra rows for the policy choice. The model never trained on these cases, so its predictions are
 * out-of-sample like the folds'. The held-out part (`split: "dev"`) is never read here.
 */
export function phenomenaRows(
  dir: string,
  w: NetworkWeights,
  lexicon: LexiconProvider,
): { rows: OofRows; parts: Float32Array } | undefined {
  const cases: Array<{
    text: string;
    lang: 'sv' | 'en';
    label: (typeof LABELS)[number];
    split: string;
    mask?: Array<[number, number]>;
  }> = [];
  for (const lang of ['sv', 'en']) {
    const file = join(dir, `phenomena-${lang}.jsonl`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as (typeof cases)[number];
      if (typeof c.text === 'string' && c.split === 'train') cases.push(c);
    }
  }
  if (cases.length === 0) return undefined;
  const dec = createDecomposer(w);
  const parts = new Float32Array(cases.length * 9);
  const views = cases.map((c, i) => {
    const { analysis, features } = lexicon.features(c.mask ? blank(c.text, c.mask) : c.text, c.lang);
    const p = dec(featurize(c.mask ? asMention(c.text, c.mask) : c.text, c.lang, w.buckets), features);
    parts.set(p.bias, i * 9);
    parts.set(p.lexicon, i * 9 + 3);
    parts.set(p.bag, i * 9 + 6);
    return lexiconView(analysis);
  });
  const prepared: Prepared = {
    n: cases.length,
    nLex: 0,
    ids: [],
    lex: new Float32Array(0),
    labels: Int32Array.from(cases, (c) => LABELS.indexOf(c.label)),
    polarityOnly: new Uint8Array(cases.length),
    weight: new Float32Array(cases.length).fill(1),
    sets: cases.map((c) => `phenomena-${c.lang}`),
  };
  return { rows: { prepared, views, langs: cases.map((c) => c.lang) }, parts };
}

/** Out-of-fold rows followed by extra rows, as one set of rows for `choosePolicy`. */
export function concatRows(
  a: { rows: OofRows; parts: Float32Array },
  b: { rows: OofRows; parts: Float32Array },
): { rows: OofRows; parts: Float32Array } {
  const pa = a.rows.prepared;
  const pb = b.rows.prepared;
  const parts = new Float32Array(a.parts.length + b.parts.length);
  parts.set(a.parts, 0);
  parts.set(b.parts, a.parts.length);
  const prepared: Prepared = {
    n: pa.n + pb.n,
    nLex: 0,
    ids: [],
    lex: new Float32Array(0),
    labels: Int32Array.from([...pa.labels, ...pb.labels]),
    polarityOnly: Uint8Array.from([...pa.polarityOnly, ...pb.polarityOnly]),
    weight: Float32Array.from([...pa.weight, ...pb.weight]),
    sets: [...pa.sets, ...pb.sets],
  };
  return {
    rows: { prepared, views: [...a.rows.views, ...b.rows.views], langs: [...a.rows.langs, ...b.rows.langs] },
    parts,
  };
}

/**
 * The development part of the phenomena cases as training examples (`train --phenomena`, `cv --train-phenomena`):
 * set `phenomena-sv` / `phenomena-en`. A named case is read as the scorer reads it: its masked name becomes an
 * @mention, which the model reads as its placeholder and the lexicon ignores (as it ignores a blanked name). The
 * held-out part (`split: "dev"`) is never read. Ids keep their `-named` / `-plain` suffix: the CV folds keep twins
 * together (`twinKey`).
 */
export function phenomenaExamples(dir: string): Example[] {
  const out: Example[] = [];
  for (const lang of ['sv', 'en'] as const) {
    const file = join(dir, `phenomena-${lang}.jsonl`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as {
        id: string;
        text: string;
        label: (typeof LABELS)[number];
        split: string;
        mask?: Array<[number, number]>;
      };
      if (c.split !== 'train' || !LABELS.includes(c.label)) continue;
      out.push({
        id: c.id,
        text: c.mask ? asMention(c.text, c.mask) : c.text,
        lang,
        label: c.label,
        split: 'train',
        set: `phenomena-${lang}`,
        polarityOnly: false,
      });
    }
  }
  return out;
}

/** Rows with the same key share a CV fold: a named case and its plain twin differ only in the name. */
export const twinKey = (id: string): string => id.replace(/-(named|plain)$/, '');
