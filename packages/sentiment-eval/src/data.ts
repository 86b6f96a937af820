import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalLang, Label } from './system.js';

/** One labelled row of the sentiment data directory (its README gives each set's origin and licence). */
export interface Row {
  id: string;
  text: string;
  label: Label;
  split: 'train' | 'dev';
}

/** An evaluation set: which file, which language, and which gold classes it has (Mozetič has no neutral). */
export interface EvalSet {
  name: string;
  file: string;
  lang: EvalLang;
  classes: readonly Label[];
  note: string;
}

export const SETS: readonly EvalSet[] = [
  {
    name: 'tweeteval-val',
    file: 'tweeteval/validation.jsonl',
    lang: 'en',
    classes: ['negative', 'neutral', 'positive'],
    note: 'en tweets, all rows are dev',
  },
  {
    name: 'semeval-twitter',
    file: 'semeval-twitter/train-dev.jsonl',
    lang: 'en',
    classes: ['negative', 'neutral', 'positive'],
    note: 'en tweets 2013-16',
  },
  {
    name: 'mozetic-en',
    file: 'mozetic-twitter/en.jsonl',
    lang: 'en',
    classes: ['negative', 'positive'],
    note: 'en tweets, pos/neg only',
  },
  {
    name: 'mozetic-sv',
    file: 'mozetic-twitter/sv-train-dev.jsonl',
    lang: 'sv',
    classes: ['negative', 'positive'],
    note: 'sv political tweets, pos/neg only',
  },
  {
    name: 'swe-sentiment',
    file: 'swe-sentiment/train-dev.jsonl',
    lang: 'sv',
    classes: ['negative', 'neutral', 'positive'],
    note: 'sv tweets+YouTube, all with emoji',
  },
  // ABSAbank-Imm rates stance towards immigration 1–5; the file's `label` already maps mean < 3 → negative,
  // exactly 3 → neutral, > 3 → positive. We use that mapping: it is the set's own and keeps 3 classes.
  {
    name: 'absabank-imm',
    file: 'absabank-imm/train-dev.jsonl',
    lang: 'sv',
    classes: ['negative', 'neutral', 'positive'],
    note: 'sv stance on immigration 1-5 → 3 classes',
  },
  // Our own cases of the phenomena users named as hard for simple tools, in this package: "train" is the development part the
  // rules were written from, "dev" the held-out 30 % (hash rule in scripts/build-phenomena.mjs).
  {
    name: 'phenomena-sv',
    file: packageData('phenomena-sv.jsonl'),
    lang: 'sv',
    classes: ['negative', 'neutral', 'positive'],
    note: 'own sv phenomena cases; train = development part, dev = held out',
  },
  {
    name: 'phenomena-en',
    file: packageData('phenomena-en.jsonl'),
    lang: 'en',
    classes: ['negative', 'neutral', 'positive'],
    note: 'own en phenomena cases; train = development part, dev = held out',
  },
];

/** An absolute path into this package's `data/` (from `src/` and `dist/` alike): `loadSet` resolves it as is. */
function packageData(file: string): string {
  return fileURLToPath(new URL(`../data/${file}`, import.meta.url));
}

/**
 * The data directory: `VAKT_SENTIMENT_DATA`, else the data checkout beside the repository. It stays outside the
 * repository because most of its tweet texts may not be redistributed (Twitter/X terms); the sentiment-model README
 * says where to get each set. The package's own cases are in `data/`.
 */
export function dataDir(): string {
  if (process.env.VAKT_SENTIMENT_DATA) return resolve(process.env.VAKT_SENTIMENT_DATA);
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
  return resolve(repoRoot, '../shared/data/sentiment');
}

/** Reads a set's rows of one split. A malformed line is skipped and counted, never fatal. */
export function loadSet(
  set: EvalSet,
  split: 'train' | 'dev',
  dir = dataDir(),
): { rows: Row[]; skipped: number } | undefined {
  const path = resolve(dir, set.file);
  if (!existsSync(path) && !existsSync(dir))
    throw new Error(
      `no sentiment data at ${dir}: set VAKT_SENTIMENT_DATA to the data folder (packages/sentiment-model/README.md says where to get each set)`,
    );
  if (!existsSync(path)) return undefined;
  const rows: Row[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Partial<Row>;
      if (typeof r.text !== 'string' || !set.classes.includes(r.label as Label)) {
        skipped++;
        continue;
      }
      if ((r.split ?? 'dev') !== split) continue;
      rows.push({ id: String(r.id), text: r.text, label: r.label as Label, split: r.split ?? 'dev' });
    } catch {
      skipped++;
    }
  }
  return { rows, skipped };
}
