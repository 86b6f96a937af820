import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';

/** The three classes, in the order of the model's softmax outputs. */
export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

/**
 * One labelled text from the sentiment data folder (`VAKT_SENTIMENT_DATA`) or a deployment's `--add` file.
 * `polarityOnly` marks sets whose neutral texts were removed at the source (Mozetič): their labels say "negative
 * rather than positive", not "not neutral", so training masks the neutral logit for them.
 */
export interface Example {
  id: string;
  text: string;
  lang: 'sv' | 'en' | 'other';
  label: Label;
  split: 'train' | 'dev';
  /** Short set name used in metrics and the model card, e.g. `semeval`, `swe-sentiment`. */
  set: string;
  polarityOnly: boolean;
}

/** A shared-data file the loader knows: where it is, what it is called and how to read its labels. */
interface SetSpec {
  set: string;
  file: string;
  polarityOnly: boolean;
  /** Eval-only sets are never trained on (TweetEval validation is the English tweet yardstick). */
  evalOnly: boolean;
  licence: string;
  attribution: string;
}

/** Every set under the data dir, with licence and attribution copied from the folder READMEs (for the model card). */
export const DATA_SETS: readonly SetSpec[] = [
  {
    set: 'semeval',
    file: 'semeval-twitter/train-dev.jsonl',
    polarityOnly: false,
    evalOnly: false,
    licence: 'labels CC BY 3.0; tweet texts under Twitter terms (not redistributed)',
    attribution:
      'Rosenthal, Farra, Nakov (2017). SemEval-2017 Task 4: Sentiment Analysis in Twitter (2013–2016 training data).',
  },
  {
    set: 'tweeteval',
    file: 'tweeteval/validation.jsonl',
    polarityOnly: false,
    evalOnly: true,
    licence: 'no explicit licence; Twitter terms',
    attribution: 'Barbieri et al. (2020). TweetEval. Findings of EMNLP.',
  },
  {
    set: 'mozetic-en',
    file: 'mozetic-twitter/en.jsonl',
    polarityOnly: true,
    evalOnly: false,
    licence: 'labels CC BY-SA 4.0 (CLARIN.SI); texts unclear (not redistributed)',
    attribution:
      'Mozetič, Grčar, Smailović (2016). Multilingual Twitter Sentiment Classification: The Role of Human Annotators. PLoS ONE 11(5).',
  },
  {
    set: 'mozetic-sv',
    file: 'mozetic-twitter/sv-train-dev.jsonl',
    polarityOnly: true,
    evalOnly: false,
    licence: 'labels CC BY-SA 4.0 (CLARIN.SI); texts unclear (not redistributed)',
    attribution: 'Mozetič, Grčar, Smailović (2016). PLoS ONE 11(5): e0155036.',
  },
  {
    set: 'swe-sentiment',
    file: 'swe-sentiment/train-dev.jsonl',
    polarityOnly: false,
    evalOnly: false,
    licence: 'no licence file ("feel free to use" for research); texts not redistributed',
    attribution:
      "Berggren, Lovisa (2023). Sentiment Analysis for Swedish: The Impact of Emojis. Master's thesis, Umeå University.",
  },
  {
    set: 'absabank-imm',
    file: 'absabank-imm/train-dev.jsonl',
    polarityOnly: false,
    evalOnly: false,
    licence: 'CC BY 4.0',
    attribution: 'Språkbanken Text, ABSAbank-Imm v1.1 (SuperLim 2). Rouces, Borin, Tahmasebi (2020). DHN 2020.',
  },
];

/**
 * Resolves the data dir: `VAKT_SENTIMENT_DATA` wins, else the data checkout beside the repository. The data stays
 * outside the repository because most of its tweet texts may not be redistributed (Twitter/X terms); the README says
 * where to get each set.
 */
export function defaultDataDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.VAKT_SENTIMENT_DATA ?? join(repoRoot, '..', 'shared', 'data', 'sentiment'));
}

/** What was read from one file: rows plus the sha256 the model card records. */
export interface LoadedFile {
  set: string;
  file: string;
  sha256: string;
  rows: number;
  evalOnly: boolean;
}

/** The loaded corpus: every example, tagged by set, and the provenance of each file. */
export interface Corpus {
  examples: Example[];
  files: LoadedFile[];
}

/**
 * Reads every known set under `dataDir`. A missing file is skipped (the list of loaded files says what was used);
 * a malformed line is a `VAKT_CONFIG_INVALID` naming file and line, because training on half a file silently would
 * make the model card lie.
 */
export async function loadCorpus(dataDir: string): Promise<Corpus> {
  const examples: Example[] = [];
  const files: LoadedFile[] = [];
  for (const spec of DATA_SETS) {
    const path = join(dataDir, spec.file);
    let raw: Buffer;
    try {
      raw = await readFile(path);
    } catch {
      continue;
    }
    const rows = parseJsonl(raw.toString('utf8'), path, spec.set, spec.polarityOnly, spec.evalOnly ? 'dev' : undefined);
    examples.push(...rows);
    files.push({ set: spec.set, file: spec.file, sha256: sha256(raw), rows: rows.length, evalOnly: spec.evalOnly });
  }
  if (files.length === 0) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `No sentiment training data found under ${dataDir}; set VAKT_SENTIMENT_DATA to the folder with semeval-twitter/, swe-sentiment/ … (packages/sentiment-model/README.md says where to get each set)`,
    );
  }
  return { examples, files };
}

/**
 * Reads a deployment's extra labelled examples (`vakt train --add FILE`): JSONL with at least `text` and `label`
 * (`negative|neutral|positive`), optional `lang`. They always count as training data.
 */
export async function loadExtra(path: string): Promise<{ examples: Example[]; file: LoadedFile }> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (cause) {
    throw new VaktError('VAKT_CONFIG_INVALID', `--add ${path}: cannot read the file`, { cause });
  }
  const examples = parseJsonl(raw.toString('utf8'), path, 'added', false, 'train');
  return { examples, file: { set: 'added', file: path, sha256: sha256(raw), rows: examples.length, evalOnly: false } };
}

function parseJsonl(
  text: string,
  path: string,
  set: string,
  polarityOnly: boolean,
  forceSplit?: 'train' | 'dev',
): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (cause) {
      throw new VaktError('VAKT_CONFIG_INVALID', `${path}:${i + 1}: not valid JSON`, { cause });
    }
    const label = row.label;
    if (typeof row.text !== 'string' || !LABELS.includes(label as Label)) {
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `${path}:${i + 1}: expected {"text": string, "label": "negative"|"neutral"|"positive"}`,
      );
    }
    const lang = row.lang === 'sv' || row.lang === 'en' ? row.lang : 'other';
    const split = forceSplit ?? (row.split === 'dev' ? 'dev' : 'train');
    out.push({
      id: typeof row.id === 'string' ? row.id : `${set}:${i + 1}`,
      text: row.text,
      lang,
      label: label as Label,
      split,
      set,
      polarityOnly,
    });
  }
  return out;
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
