import { readFileSync } from 'node:fs';
import { blank } from '@vakt/sentiment/mask';
import { SETS } from './data.js';
import type { EvalLang, Label, Prediction, SentimentSystem } from './system.js';

/**
 * Vakt's own phenomena cases (data/phenomena-cases.txt → data/phenomena-{sv,en}.jsonl): the same rows the eval's
 * `phenomena-sv`/`phenomena-en` sets read, with the fields only this report needs: the phenomenon, the span of a
 * named organisation, and the id of the case's twin (the same case with generic words instead of the name).
 */
export interface PhenomenonCase {
  id: string;
  text: string;
  lang: EvalLang;
  label: Label;
  /** "train" is the development part (rules were written from it), "dev" the held-out part. */
  split: 'train' | 'dev';
  phenomenon: string;
  mask?: Array<[number, number]>;
  twin?: string;
}

/** Every case of one language, in file order. The file's licence line (no `text`) is not a case. */
export function loadPhenomena(lang: EvalLang): PhenomenonCase[] {
  const set = SETS.find((s) => s.name === `phenomena-${lang}`);
  if (!set) throw new Error(`no phenomena-${lang} set in SETS`);
  return readFileSync(set.file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PhenomenonCase)
    .filter((c) => typeof c.text === 'string');
}

/** What the scorer reads for a case: named organisations blanked, as a watch naming them would. */
export const asScored = (c: PhenomenonCase): string => (c.mask ? blank(c.text, c.mask) : c.text);

/** Per phenomenon and part: how many cases and how many the system got right. */
export interface PhenomenonTally {
  phenomenon: string;
  part: 'development' | 'held-out';
  n: number;
  correct: number;
}

/** Names-as-blank checks over the named cases of one part. */
export interface MaskCheck {
  named: number;
  /** Named case, blanked, gets the gold label. */
  blankedCorrect: number;
  /** Named case, blanked, gets the same label as its plain twin. */
  sameAsTwin: number;
  /** Named case, read with the name (no watch), gets the same label as blanked. */
  sameUnblanked: number;
}

export interface PhenomenaResult {
  tallies: PhenomenonTally[];
  masks: Record<'development' | 'held-out', MaskCheck>;
  misses: PhenomenonCase[];
}

/** Scores every case of `lang` with `sys` (named cases blanked) and tallies per phenomenon and part. */
export async function runPhenomena(sys: SentimentSystem, lang: EvalLang): Promise<PhenomenaResult> {
  const cases = loadPhenomena(lang);
  const scored = await sys.scoreBatch(cases.map(asScored), lang);
  const raw = await sys.scoreBatch(
    cases.map((c) => c.text),
    lang,
  );
  const byId = new Map(cases.map((c, i) => [c.id, i] as const));
  const tallies = new Map<string, PhenomenonTally>();
  const emptyCheck = (): MaskCheck => ({ named: 0, blankedCorrect: 0, sameAsTwin: 0, sameUnblanked: 0 });
  const masks = { development: emptyCheck(), 'held-out': emptyCheck() };
  const misses: PhenomenonCase[] = [];
  cases.forEach((c, i) => {
    const part = c.split === 'dev' ? 'held-out' : 'development';
    const key = `${c.phenomenon}\0${part}`;
    const t = tallies.get(key) ?? { phenomenon: c.phenomenon, part, n: 0, correct: 0 };
    tallies.set(key, t);
    const label = (scored[i] as Prediction).label;
    t.n++;
    if (label === c.label) t.correct++;
    else if (part === 'development') misses.push(c);
    if (c.mask) {
      const m = masks[part];
      m.named++;
      if (label === c.label) m.blankedCorrect++;
      const twin = c.twin === undefined ? undefined : byId.get(c.twin);
      if (twin !== undefined && scored[twin]!.label === label) m.sameAsTwin++;
      if (raw[i]!.label === label) m.sameUnblanked++;
    }
  });
  return { tallies: [...tallies.values()], masks, misses };
}
